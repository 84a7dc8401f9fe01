import { freePort } from '@switchyard/test-support/free-port';
import { startRedis, type TestRedis } from '@switchyard/test-support/redis';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryCounts, redisCounts } from '../../src/http/rate-counts.js';

describe('rate-limit counts in memory', () => {
  it('counts a key within its window and starts again when the window ends', () => {
    let now = 1_000;
    const counts = memoryCounts(60_000, 100, () => now);
    expect(counts.peek('a')).toEqual({ current: 0, ttlMs: 0 });
    expect(counts.hit('a')).toEqual({ current: 1, ttlMs: 60_000 });
    now += 10_000;
    expect(counts.hit('a')).toEqual({ current: 2, ttlMs: 50_000 });
    expect(counts.peek('a')).toEqual({ current: 2, ttlMs: 50_000 });
    expect(counts.hit('b')).toEqual({ current: 1, ttlMs: 60_000 });
    now += 50_000;
    expect(counts.peek('a')).toEqual({ current: 0, ttlMs: 0 });
    expect(counts.hit('a')).toEqual({ current: 1, ttlMs: 60_000 });
  });

  it('keeps a key in use when many other keys fill it up, dropping the least recently counted', () => {
    const counts = memoryCounts(60_000, 3, () => 0);
    counts.hit('hot');
    counts.hit('cold');
    for (let i = 0; i < 10; i++) {
      counts.hit('hot');
      counts.hit(`flood-${i}`);
    }
    expect(counts.peek('hot').current).toBe(11);
    expect(counts.peek('cold').current).toBe(0);
    expect(counts.peek('flood-9').current).toBe(1);
    expect(counts.peek('flood-0').current).toBe(0);
  });
});

describe('rate-limit counts in Redis', () => {
  let redis: TestRedis;
  let client: Redis;
  beforeAll(async () => {
    redis = await startRedis();
    client = new Redis(redis.url);
  });
  afterAll(async () => {
    client?.disconnect();
    await redis?.stop();
  });

  it('counts a key in a window that expires, under the prefix, shared by every client', async () => {
    const counts = redisCounts(client, 'test:rate-limit:', 60_000);
    const other = redisCounts(client, 'test:rate-limit:', 60_000);
    expect(await counts.peek('k')).toEqual({ current: 0, ttlMs: 0 });
    expect(await counts.hit('k')).toEqual({ current: 1, ttlMs: 60_000 });
    const second = await other.hit('k');
    expect(second.current).toBe(2);
    expect(second.ttlMs).toBeGreaterThan(50_000);
    expect(second.ttlMs).toBeLessThanOrEqual(60_000);
    expect((await counts.peek('k')).current).toBe(2);
    expect(await client.get('test:rate-limit:k')).toBe('2');
    expect(await client.pttl('test:rate-limit:k')).toBeGreaterThan(0);
  });

  it('lets every request through (a count of 0) while Redis cannot be reached', async () => {
    const gone = new Redis(`redis://127.0.0.1:${await freePort()}`, {
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    gone.on('error', () => {});
    try {
      const counts = redisCounts(gone, 'test:rate-limit:', 60_000);
      expect(await counts.hit('k')).toEqual({ current: 0, ttlMs: 0 });
      expect(await counts.peek('k')).toEqual({ current: 0, ttlMs: 0 });
    } finally {
      gone.disconnect();
    }
  });
});
