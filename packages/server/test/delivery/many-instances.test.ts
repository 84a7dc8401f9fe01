import { startRedis, type TestRedis } from '@switchyard/test-support/redis';
import { booleanFlag } from '@switchyard/test-support/server';
import { apiCaller, type ServerProcess, spawnServer } from '@switchyard/test-support/server-process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openSseClient } from '../support/sse-client.js';

const TOKEN = 'many-instances-admin-token';
let redis: TestRedis;
let a: ServerProcess;
let b: ServerProcess;
let serverKey: string;

const call = apiCaller(TOKEN);

beforeAll(async () => {
  redis = await startRedis();
  const env = { REDIS_URL: redis.url, SWITCHYARD_ADMIN_TOKEN: TOKEN, HEARTBEAT_SECONDS: '1' };
  [a, b] = await Promise.all([spawnServer(env), spawnServer(env)]);
  const key = await call(a.url, 'POST', '/api/v1/keys', {
    kind: 'server',
    environment: 'production',
    name: 'svc',
  });
  serverKey = key.body.secret;
}, 60_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.stop();
});

describe('two server instances sharing one Redis', () => {
  it('delivers a change written through A to a stream client of B, in revision order', async () => {
    const client = await openSseClient(`${b.url}/sdk/v1/stream`, { authorization: `Bearer ${serverKey}` });
    const put = await client.next();
    expect(put.event).toBe('put');

    await call(
      a.url,
      'PUT',
      '/api/v1/environments/production/flags/shared-flag',
      booleanFlag('shared-flag', 5),
    );
    await call(a.url, 'POST', '/api/v1/environments/production/flags/shared-flag/rollout', {
      percentage: 25,
    });
    await call(b.url, 'POST', '/api/v1/environments/production/flags/shared-flag/disable');
    const events = [await client.next(), await client.next(), await client.next()];
    expect(events.map((e) => Number(e.id))).toEqual([1, 2, 3].map((i) => Number(put.id) + i));
    expect(events.map((e) => [e.data.data.version, e.data.data.enabled])).toEqual([
      [1, true],
      [2, true],
      [3, false],
    ]);
    client.close();
  });

  it('stops a key revoked through A on B within a second', async () => {
    const made = await call(a.url, 'POST', '/api/v1/keys', {
      kind: 'server',
      environment: 'production',
      name: 'short-lived',
    });
    expect((await call(b.url, 'GET', '/sdk/v1/ruleset', undefined, made.body.secret)).status).toBe(200);
    expect((await call(a.url, 'DELETE', `/api/v1/keys/${made.body.id}`)).status).toBe(204);
    expect((await call(a.url, 'GET', '/sdk/v1/ruleset', undefined, made.body.secret)).status).toBe(401);
    const revokedAt = Date.now();
    await vi.waitFor(
      async () =>
        expect((await call(b.url, 'GET', '/sdk/v1/ruleset', undefined, made.body.secret)).status).toBe(401),
      {
        timeout: 5000,
        interval: 50,
      },
    );
    expect(Date.now() - revokedAt).toBeLessThan(1500);
  });

  it('keeps serving from memory while Redis is down, reports not ready, refuses writes, and resyncs after', async () => {
    const client = await openSseClient(`${b.url}/sdk/v1/stream`, { authorization: `Bearer ${serverKey}` });
    await client.next();

    await redis.restart(async () => {
      const ruleset = await call(b.url, 'GET', '/sdk/v1/ruleset', undefined, serverKey);
      expect(ruleset.status).toBe(200);
      expect(ruleset.body.flags['shared-flag'].version).toBe(3);
      const ready = await fetch(`${b.url}/health/ready`);
      expect(ready.status).toBe(503);
      const write = await call(a.url, 'POST', '/api/v1/environments/production/flags/shared-flag/enable');
      expect(write.status).toBe(503);
      expect(write.body.error.code).toBe('SY_ERR_STORE_UNAVAILABLE');
    });

    await vi.waitFor(async () => expect((await fetch(`${b.url}/health/ready`)).status).toBe(200), {
      timeout: 15_000,
      interval: 200,
    });
    await vi.waitFor(
      async () =>
        expect(
          (await call(a.url, 'POST', '/api/v1/environments/production/flags/shared-flag/enable')).status,
        ).toBe(200),
      { timeout: 15_000, interval: 200 },
    );
    const patch = await client.next((e) => e.event === 'patch', 10_000);
    expect(patch.data.data).toMatchObject({ key: 'shared-flag', enabled: true, version: 4 });
    // The refused write made no version: the history is exactly 1..4.
    const history = await call(a.url, 'GET', '/api/v1/environments/production/flags/shared-flag/history');
    expect(history.body.versions.map((v: { version: number }) => v.version)).toEqual([4, 3, 2, 1]);
    client.close();
  }, 60_000);
});
