import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { booleanFlag } from '@switchyard/test-support/flags';
import { type SwitchyardServer, startSwitchyard } from '@switchyard/test-support/switchyard-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, type SwitchyardClient } from '../../src/index.js';
import { eventually, fastOptions, nextEvent } from '../support/client-harness.js';

describe('against the real flag server', () => {
  let server: SwitchyardServer;
  let dir: string;
  const clients: SwitchyardClient[] = [];
  const track = (client: SwitchyardClient) => {
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    server = await startSwitchyard({ heartbeatMs: 200 });
    dir = mkdtempSync(join(tmpdir(), 'switchyard-sdk-'));
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rides out a server restart on the same port and data, then sees changes made after it', async () => {
    await server.putFlag(booleanFlag('new-checkout', 0));
    const client = track(
      createClient(fastOptions(server.url, server.serverKey, { heartbeatTimeoutMs: 1_000 })),
    );
    await client.ready();

    const interrupted = nextEvent(client, 'status', (s) => s.state === 'interrupted');
    await server.stop();
    await interrupted;
    expect(client.isEnabled('new-checkout', 'user-1')).toBe(false);

    const valid = nextEvent(client, 'status', (s) => s.state === 'valid');
    await server.start();
    await valid;
    const changed = nextEvent(client, 'change');
    await server.ramp('new-checkout', 100);
    expect(await changed).toEqual([['new-checkout']]);
    expect(client.isEnabled('new-checkout', 'user-1')).toBe(true);
    expect(client.status().lastError?.code).toBe('NETWORK');
  });

  it('turns a flag off everywhere with the kill switch', async () => {
    await server.putFlag(booleanFlag('new-checkout', 100));
    const client = track(createClient(fastOptions(server.url, server.serverKey)));
    await client.ready();
    expect(client.isEnabled('new-checkout', 'user-1')).toBe(true);
    const changed = nextEvent(client, 'change');
    await server.disable('new-checkout');
    await changed;
    expect(client.evaluate('new-checkout', 'user-1')).toEqual({
      value: false,
      variant: 'off',
      reason: { kind: 'OFF' },
    });
  });

  it.each([
    ['an unknown key', async () => 'sy_not_a_real_key'],
    ['a client key', async () => server.createKey('client')],
  ])('stops at once with %s', async (_, key) => {
    const client = track(createClient(fastOptions(server.url, await key())));
    const errors: unknown[] = [];
    client.on('error', (e) => errors.push(e));
    const status = await client.ready();
    expect(status.state).toBe('unauthorized');
    expect([401, 403]).toContain(status.lastError?.status);
    expect(errors).toHaveLength(1);
  });

  it('serves the cache file written while the server was up when it starts with the server down', async () => {
    const cacheFile = join(dir, 'flags.json');
    await server.putFlag(booleanFlag('new-checkout', 100));
    const first = track(createClient(fastOptions(server.url, server.serverKey, { cacheFile })));
    await first.ready();
    await first.close();

    await server.stop();
    const second = track(
      createClient(fastOptions(server.url, server.serverKey, { cacheFile, timeoutMs: 300 })),
    );
    const status = await second.ready();
    expect(status).toMatchObject({ state: 'initializing', source: 'cache' });
    expect(second.isEnabled('new-checkout', 'user-1')).toBe(true);

    await server.start();
    await eventually(() => second.status().source === 'server', 5_000, 'the server ruleset');
    expect(second.status().state).toBe('valid');
  });

  it('delivers evaluation metrics that show up in the flag metrics', async () => {
    await server.putFlag(booleanFlag('new-checkout', 0, { targets: [{ variant: 'on', values: ['vip'] }] }));
    const client = track(createClient(fastOptions(server.url, server.serverKey, { sendEvents: true })));
    await client.ready();
    client.isEnabled('new-checkout', 'vip');
    client.isEnabled('new-checkout', 'u-1');
    client.isEnabled('new-checkout', 'u-2');
    client.recordError('new-checkout', 'u-2');
    await client.close();
    expect(client.status().lastError).toBeNull();

    const totals = await server.metrics('new-checkout');
    expect(totals.find((t) => t.variant === 'on')).toMatchObject({ evaluations: 1, exposures: 1, errors: 0 });
    expect(totals.find((t) => t.variant === 'off')).toMatchObject({
      evaluations: 2,
      exposures: 2,
      errors: 1,
    });
  });
});
