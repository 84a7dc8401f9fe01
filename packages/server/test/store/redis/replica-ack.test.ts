import { randomUUID } from 'node:crypto';
import { startRedis, type TestRedis } from '@switchyard/test-support/redis';
import { booleanFlag as flagBody, startTestServer } from '@switchyard/test-support/server';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../../../src/store/redis/redis-store.js';
import { booleanFlag } from '../contract.js';

const audit = { actor: { keyId: 'k', name: 'Ada' }, action: 'flag.create' };

let master: TestRedis;
let replica: TestRedis;
let lonely: TestRedis;
beforeAll(async () => {
  master = await startRedis();
  replica = await startRedis({ replicaOf: master });
  lonely = await startRedis();
  const probe = new Redis(replica.url);
  try {
    while (!(await probe.info('replication')).includes('master_link_status:up'))
      await new Promise((r) => setTimeout(r, 50));
  } finally {
    probe.disconnect();
  }
});
afterAll(async () => {
  await replica?.stop();
  await master?.stop();
  await lonely?.stop();
});

const env = { key: 'production', name: 'Production', createdAt: new Date().toISOString() };

describe('REDIS_MIN_REPLICAS', () => {
  it('acknowledges a write once a replica has it', async () => {
    const store = await createRedisStore({
      url: master.url,
      keyPrefix: `t-${randomUUID()}:`,
      minReplicas: 1,
    });
    try {
      await store.createEnvironment(env, { ...audit, action: 'environment.create' });
      const write = await store.compareAndSetFlag('production', 'a', null, booleanFlag('a', 5), audit);
      expect(write).toMatchObject({ ok: true });
    } finally {
      await store.close();
    }
  });

  it('refuses to acknowledge a write no replica confirmed, and the server answers 503', async () => {
    const keyPrefix = `t-${randomUUID()}:`;
    const store = await createRedisStore({
      url: lonely.url,
      keyPrefix,
      minReplicas: 1,
      replicaTimeoutMs: 200,
    });
    await expect(store.createEnvironment(env, { ...audit, action: 'environment.create' })).rejects.toThrow(
      /0 of 1 required replicas/,
    );
    // Environments and the admin token from a first start without the requirement.
    await (await startTestServer({ redisUrl: lonely.url, redisKeyPrefix: keyPrefix })).close();
    const t = await startTestServer({ store });
    try {
      const res = await t.api('PUT', '/api/v1/environments/production/flags/a', flagBody('a', 5));
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('SY_ERR_STORE_UNAVAILABLE');
      // The cause (no replica confirmed) goes to the log; the public message is the fixed one.
      expect(res.body.error.message).toBe('The store is unavailable; the change was not made');
    } finally {
      await t.close();
      await store.close();
    }
  });
});
