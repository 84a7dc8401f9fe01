import { booleanFlag } from '@switchyard/test-support/flags';
import { type SwitchyardServer, startSwitchyard } from '@switchyard/test-support/switchyard-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, type SwitchyardClient } from '../../src/index.js';
import { fastOptions, nextEvent } from '../support/client-harness.js';

describe('a client connected to a real flag server', () => {
  let server: SwitchyardServer;
  let client: SwitchyardClient | undefined;

  beforeEach(async () => {
    server = await startSwitchyard();
  });
  afterEach(async () => {
    await client?.close();
    client = undefined;
    await server.close();
  });

  it('serves the ruleset once ready and applies a change as it happens', async () => {
    await server.putFlag(booleanFlag('new-checkout', 0));
    client = createClient(fastOptions(server.url, server.serverKey));
    const status = await client.ready();
    expect(status).toMatchObject({ state: 'valid', mode: 'stream', source: 'server' });
    expect(client.isEnabled('new-checkout', 'user-1')).toBe(false);
    expect(client.evaluate('new-checkout', 'user-1')).toMatchObject({
      variant: 'off',
      reason: { kind: 'FALLTHROUGH' },
    });

    const changed = nextEvent(client, 'change');
    await server.ramp('new-checkout', 100);
    expect(await changed).toEqual([['new-checkout']]);
    expect(client.isEnabled('new-checkout', 'user-1')).toBe(true);
    expect(client.isEnabled('new-checkout', { userId: 'user-2', country: 'DE' })).toBe(true);
  });

  it('sees flags created and deleted after it connected', async () => {
    client = createClient(fastOptions(server.url, server.serverKey));
    await client.ready();
    expect(client.evaluate('pricing', 'u-1', '$10')).toEqual({
      value: '$10',
      variant: null,
      reason: { kind: 'ERROR', errorCode: 'FLAG_NOT_FOUND' },
    });

    const created = nextEvent(client, 'change');
    await server.putFlag({
      key: 'pricing',
      type: 'string',
      variants: { low: '$8', high: '$12' },
      enabled: true,
      offVariant: 'high',
      fallthrough: { variant: 'low' },
    });
    expect(await created).toEqual([['pricing']]);
    expect(client.variation('pricing', 'u-1', '$10')).toBe('$8');

    const deleted = nextEvent(client, 'change');
    await server.deleteFlag('pricing');
    expect(await deleted).toEqual([['pricing']]);
    expect(client.variation('pricing', 'u-1', '$10')).toBe('$10');
  });
});
