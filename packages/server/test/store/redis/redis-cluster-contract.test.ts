import { randomUUID } from 'node:crypto';
import { startRedis, type TestRedis } from '@switchyard/test-support/redis';
import { afterAll, beforeAll } from 'vitest';
import { createStoreFromUrl } from '../../../src/store/create-store-from-url.js';
import { describeStoreContract } from '../contract.js';

// A one-node Redis Cluster still refuses any command or script whose keys span hash slots
// (CROSSSLOT), so the whole contract passing here shows the key layout is fit for a real cluster.
let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis({ cluster: true });
});
afterAll(async () => {
  await redis?.stop();
});

describeStoreContract('RedisStore on Redis Cluster', async () => {
  const keyPrefix = `test-${randomUUID()}:`;
  const open = () => createStoreFromUrl(`redis+cluster://127.0.0.1:${redis.port}`, { keyPrefix });
  return {
    open,
    openWriters: (count) => Promise.all(Array.from({ length: count }, open)),
  };
});
