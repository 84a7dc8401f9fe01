import { startRedis, type TestRedis } from '@switchyard/test-support/redis';
import { type AdminServerProcess, spawnAdminServer } from '@switchyard/test-support/server-process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestFrom } from '../support/http-from.js';

// Small limits over a long window, so nothing here depends on how fast the machine is.
const LIMITS = {
  RATE_LIMIT_WINDOW_SECONDS: '120',
  RATE_LIMIT_SDK: '20',
  RATE_LIMIT_ADMIN: '30',
  RATE_LIMIT_FAILED_AUTH: '5',
};

const get = (from: string, url: string, secret?: string) =>
  requestFrom(from, url, { headers: secret === undefined ? {} : { authorization: `Bearer ${secret}` } });

async function callTimes(times: number, call: () => Promise<{ status: number }>): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < times; i++) statuses.push((await call()).status);
  return statuses;
}

function expectRateLimited(res: { status: number; headers: Record<string, unknown>; body: any }) {
  expect(res.status).toBe(429);
  expect(res.body.error.code).toBe('SY_ERR_RATE_LIMITED');
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
}

describe('rate limits on one server', () => {
  let server: AdminServerProcess;
  beforeAll(async () => {
    server = await spawnAdminServer(LIMITS);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('limits a server key per key, leaving other keys alone', async () => {
    const hot = await server.createKey('server');
    const other = await server.createKey('server');
    const url = `${server.url}/sdk/v1/ruleset`;
    expect(await callTimes(20, () => get('127.0.0.1', url, hot.secret))).toEqual(Array(20).fill(200));
    // The same key from another address shares the key's count.
    expectRateLimited(await get('127.0.0.2', url, hot.secret));
    expect((await get('127.0.0.1', url, other.secret)).status).toBe(200);
  });

  it('limits a client key per key and address, so one browser cannot use it up for everyone', async () => {
    const client = await server.createKey('client');
    const evaluate = (from: string) =>
      requestFrom(from, `${server.url}/sdk/v1/evaluate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${client.secret}` },
        body: { context: { userId: 'u-1' } },
      });
    expect(await callTimes(20, () => evaluate('127.0.0.3'))).toEqual(Array(20).fill(200));
    expectRateLimited(await evaluate('127.0.0.3'));
    expect((await evaluate('127.0.0.4')).status).toBe(200);
  });

  it('limits an admin key', async () => {
    const admin = await server.createKey('admin');
    const url = `${server.url}/api/v1/environments`;
    expect(await callTimes(30, () => get('127.0.0.5', url, admin.secret))).toEqual(Array(30).fill(200));
    const limited = await get('127.0.0.5', url, admin.secret);
    expectRateLimited(limited);
    expect(limited.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('stops an address guessing keys after the failed-authentication limit, even with a right guess', async () => {
    const right = await server.createKey('server');
    const url = `${server.url}/sdk/v1/ruleset`;
    const guesses = await callTimes(5, () => get('127.0.0.6', url, `sy_server_guess${Math.random()}`));
    expect(guesses).toEqual(Array(5).fill(401));
    expectRateLimited(await get('127.0.0.6', url, 'sy_server_one-more-guess'));
    expectRateLimited(await get('127.0.0.6', url));
    expectRateLimited(await get('127.0.0.6', url, right.secret));
    // Another address is not affected.
    expect((await get('127.0.0.7', url, right.secret)).status).toBe(200);
  });
});

describe('rate limits across instances on one Redis', () => {
  let redis: TestRedis;
  let servers: AdminServerProcess[];
  beforeAll(async () => {
    redis = await startRedis();
    const env = { ...LIMITS, REDIS_URL: redis.url };
    servers = [await spawnAdminServer(env), await spawnAdminServer(env)];
  });
  afterAll(async () => {
    for (const server of servers ?? []) await server.stop();
    await redis?.stop();
  });

  it('counts a key once for every instance', async () => {
    const [a, b] = servers as [AdminServerProcess, AdminServerProcess];
    const key = await a.createKey('server');
    const statuses = await callTimes(20, async () =>
      get('127.0.0.1', `${(Math.random() < 0.5 ? a : b).url}/sdk/v1/ruleset`, key.secret),
    );
    expect(statuses).toEqual(Array(20).fill(200));
    expectRateLimited(await get('127.0.0.1', `${a.url}/sdk/v1/ruleset`, key.secret));
    expectRateLimited(await get('127.0.0.1', `${b.url}/sdk/v1/ruleset`, key.secret));
  });
});
