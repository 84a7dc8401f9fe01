import { startRedis, type TestRedis } from '@switchyard/test-support/redis';
import { type AdminServerProcess, spawnAdminServer } from '@switchyard/test-support/server-process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSseClient } from '../support/sse-client.js';

/** A stream that never ends would fail this; a second is the promise, the margin is for busy machines. */
const ENDS_WITHIN_MS = 5_000;

const ended = (stream: { ended: Promise<void> }) =>
  Promise.race([
    stream.ended.then(() => 'ended'),
    new Promise((resolve) => setTimeout(() => resolve('still open'), ENDS_WITHIN_MS)),
  ]);

const context = Buffer.from(JSON.stringify({ userId: 'u-1' })).toString('base64url');

describe('revoking a key ends its open streams on every instance', () => {
  let redis: TestRedis;
  let a: AdminServerProcess;
  let b: AdminServerProcess;
  beforeAll(async () => {
    redis = await startRedis();
    a = await spawnAdminServer({ REDIS_URL: redis.url });
    b = await spawnAdminServer({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await redis?.stop();
  });

  it('ends SDK streams, client evaluate streams and admin streams, here and on the other instance', async () => {
    const server = await a.createKey('server');
    const client = await a.createKey('client');
    const admin = await a.createKey('admin');
    const bystander = await a.createKey('server');
    const auth = (secret: string) => ({ authorization: `Bearer ${secret}` });
    const streams = {
      sdkOnB: await openSseClient(`${b.url}/sdk/v1/stream`, auth(server.secret)),
      sdkOnA: await openSseClient(`${a.url}/sdk/v1/stream`, auth(server.secret)),
      clientOnB: await openSseClient(
        `${b.url}/sdk/v1/evaluate/stream?context=${context}&key=${client.secret}`,
      ),
      adminOnB: await openSseClient(`${b.url}/api/v1/environments/production/stream`, auth(admin.secret)),
      bystanderOnB: await openSseClient(`${b.url}/sdk/v1/stream`, auth(bystander.secret)),
    };
    for (const stream of Object.values(streams)) {
      expect(stream.status).toBe(200);
      await stream.next((e) => e.event === 'put');
    }

    for (const key of [server, client, admin])
      expect((await a.api('DELETE', `/api/v1/keys/${key.id}`)).status).toBe(204);

    expect(await ended(streams.sdkOnA)).toBe('ended');
    expect(await ended(streams.sdkOnB)).toBe('ended');
    expect(await ended(streams.clientOnB)).toBe('ended');
    expect(await ended(streams.adminOnB)).toBe('ended');
    // Reconnecting with the revoked key is refused on either instance; other keys' streams stay open.
    const again = await openSseClient(`${b.url}/sdk/v1/stream`, auth(server.secret));
    expect(again.status).toBe(401);
    const flag = {
      key: 'after-revocation',
      type: 'boolean',
      variants: { on: true, off: false },
      enabled: true,
      offVariant: 'off',
      fallthrough: { variant: 'on' },
    };
    expect((await a.api('PUT', '/api/v1/environments/production/flags/after-revocation', flag)).status).toBe(
      201,
    );
    expect((await streams.bystanderOnB.next((e) => e.event === 'patch')).data.data.key).toBe(
      'after-revocation',
    );
    streams.bystanderOnB.close();
  });
});
