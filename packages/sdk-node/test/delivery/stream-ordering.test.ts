import { booleanFlag } from '@switchyard/test-support/flags';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, type SwitchyardClient } from '../../src/index.js';
import { fastOptions, nextEvent } from '../support/client-harness.js';
import { type StandInServer, startStandInServer } from '../support/stand-in-server.js';

describe('stream events that arrive out of order', () => {
  let server: StandInServer;
  let client: SwitchyardClient;

  beforeEach(async () => {
    server = await startStandInServer();
    server.putFlag(booleanFlag('new-checkout', 0));
    server.putFlag(booleanFlag('new-checkout', 100)); // version 2
    client = createClient(fastOptions(server.url, server.sdkKey));
    await client.ready();
  });
  afterEach(async () => {
    await client.close();
    await server.close();
  });

  const patch = (version: number, percentage: number, id: number) =>
    `id: ${id}\nevent: patch\ndata: ${JSON.stringify({ kind: 'flag', data: { ...booleanFlag('new-checkout', percentage), version } })}\n\n`;

  it('ignores a patch that is not newer than the flag held, and applies the next newer one', async () => {
    const changes: string[][] = [];
    client.on('change', (keys) => changes.push(keys));
    server.sendRaw(patch(1, 0, 50));
    server.sendRaw(patch(2, 0, 51));
    const changed = nextEvent(client, 'change');
    server.sendRaw(patch(3, 0, 52));
    await changed;
    expect(changes).toEqual([['new-checkout']]);
    expect(client.isEnabled('new-checkout', 'user-1')).toBe(false);
    expect(client.status()).toMatchObject({ revision: 52, lastError: null });
    expect(server.streamRequests).toHaveLength(1);
  });

  it('does not bring back a deleted flag with a late patch', async () => {
    const changes: string[][] = [];
    client.on('change', (keys) => changes.push(keys));
    const deleted = nextEvent(client, 'change');
    server.sendRaw(`id: 60\nevent: delete\ndata: {"kind":"flag","key":"new-checkout","version":3}\n\n`);
    await deleted;
    expect(client.evaluate('new-checkout', 'user-1').reason).toEqual({
      kind: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
    });
    server.sendRaw(patch(3, 100, 61));
    const recreated = nextEvent(client, 'change');
    server.sendRaw(patch(4, 0, 62));
    await recreated;
    expect(changes).toHaveLength(2);
    expect(client.evaluate('new-checkout', 'user-1')).toMatchObject({ value: false, variant: 'off' });
  });
});
