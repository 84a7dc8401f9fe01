import { randomUUID } from 'node:crypto';
import { startRedis, type TestRedis } from '@switchyard/test-support/redis';
import { booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import { startWebhookReceiver, type WebhookReceiver } from '@switchyard/test-support/webhook-receiver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let redis: TestRedis;
let a: TestServer;
let b: TestServer;
let receiver: WebhookReceiver;
beforeAll(async () => {
  redis = await startRedis();
  const shared = { redisUrl: redis.url, redisKeyPrefix: `webhooks-${randomUUID()}:` };
  a = await startTestServer(shared);
  b = await startTestServer(shared);
  receiver = await startWebhookReceiver();
}, 60_000);
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await receiver?.close();
  await redis?.stop();
});

describe('two server instances on one Redis', () => {
  it('deliver each event exactly once, whichever instance made the change', async () => {
    expect(
      (await a.api('POST', '/api/v1/webhooks', { url: receiver.url, events: ['flag.changed'] })).status,
    ).toBe(201);
    const writes = 12;
    for (let i = 0; i < writes; i++) {
      const via = i % 2 === 0 ? a : b;
      const res = await via.api(
        'PUT',
        `/api/v1/environments/production/flags/both-${i}`,
        booleanFlag(`both-${i}`),
      );
      expect(res.status).toBe(201);
    }
    await receiver.waitFor((got) => got.length >= writes);
    // Time for a second instance to send anything twice, had both been delivering.
    await new Promise((r) => setTimeout(r, 2_000));
    const events = receiver.received.map((r) => JSON.parse(r.body) as { id: string; flag: string });
    expect(receiver.received).toHaveLength(writes);
    expect(new Set(receiver.received.map((r) => r.delivery)).size).toBe(writes);
    expect(new Set(events.map((e) => e.id)).size).toBe(writes);
    expect(events.map((e) => e.flag).sort()).toEqual(
      Array.from({ length: writes }, (_, i) => `both-${i}`).sort(),
    );
  });
});
