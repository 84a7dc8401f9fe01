import { booleanFlag } from '@switchyard/test-support/flags';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type SwitchyardClient } from '../../src/index.js';
import { fastOptions } from '../support/client-harness.js';
import { type StandInServer, startStandInServer } from '../support/stand-in-server.js';

// A `matches` rule that backtracks catastrophically in a JavaScript RegExp: 2^60 steps for this input.
const evil = booleanFlag('evil', 0, {
  rules: [
    { clauses: [{ attribute: 'email', op: 'matches', values: ['^(a+)+$'] }], serve: { variant: 'on' } },
  ],
});

let server: StandInServer;
let client: SwitchyardClient;

beforeAll(async () => {
  server = await startStandInServer();
  server.putFlag(evil);
  client = createClient(fastOptions(server.url, server.sdkKey));
  await client.ready();
});

afterAll(async () => {
  await client.close();
  await server.close();
});

describe('matches clauses in the Node SDK', () => {
  it('evaluates a nested quantifier against a crafted attribute without hanging the host', () => {
    expect(client.isEnabled('evil', { userId: 'u-1', email: `${'a'.repeat(60)}!` })).toBe(false);
    expect(client.isEnabled('evil', { userId: 'u-1', email: 'aaaa' })).toBe(true);
  });
});
