import { randomUUID } from 'node:crypto';
import { startRedis, type TestRedis } from '@switchyard/test-support/redis';
import { afterAll, beforeAll } from 'vitest';
import { createRedisStore } from '../../../src/store/redis/redis-store.js';
import { describeStoreContract, type StoreTarget } from '../contract.js';
import { describePlanContract } from '../plan-contract.js';
import { describeTriggerContract } from '../trigger-contract.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

const target = async (): Promise<StoreTarget> => {
  // A fresh key prefix per test is fresh, empty storage on the shared server.
  const keyPrefix = `test-${randomUUID()}:`;
  const open = () => createRedisStore({ url: redis.url, keyPrefix });
  return {
    open,
    openWriters: (count) => Promise.all(Array.from({ length: count }, open)),
  };
};

describeStoreContract('RedisStore', target);
describePlanContract('RedisStore', target);
describeTriggerContract('RedisStore', target);
