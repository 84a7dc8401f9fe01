import { randomUUID } from 'node:crypto';
import { startRedis, startSentinel, type TestRedis } from '@switchyard/test-support/redis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createStoreFromUrl } from '../../../src/store/create-store-from-url.js';
import type { StoreChange } from '../../../src/store/types.js';
import { booleanFlag } from '../contract.js';

let master: TestRedis;
let sentinel: TestRedis;
beforeAll(async () => {
  master = await startRedis();
  sentinel = await startSentinel(master);
});
afterAll(async () => {
  await sentinel?.stop();
  await master?.stop();
});

describe('RedisStore through Sentinel', () => {
  it('finds the master from a redis+sentinel:// URL and reads, writes and publishes there', async () => {
    const keyPrefix = `test-${randomUUID()}:`;
    const viaSentinel = await createStoreFromUrl(sentinel.url, { keyPrefix });
    const direct = await createStoreFromUrl(master.url, { keyPrefix });
    try {
      const seen: StoreChange[] = [];
      direct.subscribe((c) => seen.push(c));
      const actor = { keyId: 'k', name: 'Ada' };
      await viaSentinel.createEnvironment(
        { key: 'production', name: 'Production', createdAt: new Date().toISOString() },
        { actor, action: 'environment.create' },
      );
      const write = await viaSentinel.compareAndSetFlag('production', 'a', null, booleanFlag('a', 1), {
        actor,
        action: 'flag.create',
      });
      expect(write).toMatchObject({ ok: true, revision: 1 });
      expect(await direct.getFlag('production', 'a')).toEqual(booleanFlag('a', 1));
      await vi.waitFor(() => expect(seen.map((c) => c.key)).toEqual(['a']), { timeout: 5_000 });
      await expect(viaSentinel.checkReady()).resolves.toBeUndefined();
    } finally {
      await viaSentinel.close();
      await direct.close();
    }
  });
});
