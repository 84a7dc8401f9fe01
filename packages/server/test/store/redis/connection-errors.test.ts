import { startRedis, type TestRedis } from '@switchyard/test-support/redis';
import { type ServerProcess, spawnServer } from '@switchyard/test-support/server-process';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';

let redis: TestRedis;
let server: ServerProcess;

beforeAll(async () => {
  redis = await startRedis();
  server = await spawnServer({ REDIS_URL: redis.url }, [], 60_000);
}, 90_000);

afterAll(async () => {
  await server?.stop();
  await redis?.stop();
});

it('handles the errors of every Redis connection while Redis is away, and is ready again after', async () => {
  await redis.kill();
  // Reconnection attempts fail with ECONNREFUSED meanwhile, on each of the server's connections.
  await vi.waitFor(async () => expect((await fetch(`${server.url}/health/ready`)).status).toBe(503), {
    timeout: 10_000,
    interval: 100,
  });
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  await redis.restart();
  await vi.waitFor(async () => expect((await fetch(`${server.url}/health/ready`)).status).toBe(200), {
    timeout: 20_000,
    interval: 200,
  });
  // ioredis prints the errors of a connection that has no listener: every connection needs one.
  expect(server.output()).not.toMatch(/Unhandled error event/);
}, 60_000);
