import { randomUUID } from 'node:crypto';
import { startRedis, type TestRedis } from '@switchyard/test-support/redis';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANGES_KEPT } from '../../../src/store/limits.js';
import { createRedisStore } from '../../../src/store/redis/redis-store.js';
import type { FlagStore, StoreChange, StoreConnectionEvent } from '../../../src/store/types.js';
import { booleanFlag } from '../contract.js';
import { withProduction, writeVersions } from '../store-helpers.js';

const audit = { actor: { keyId: 'k', name: 'Ada' }, action: 'flag.update' };
const WAIT = { timeout: 10_000, interval: 20 };

let redis: TestRedis;
let admin: Redis;
beforeAll(async () => {
  redis = await startRedis();
  admin = new Redis(redis.url);
});
afterAll(async () => {
  admin?.disconnect();
  await redis?.stop();
});

let keyPrefix: string;
const stores: FlagStore[] = [];
const open = async (url = redis.url) => {
  const store = await createRedisStore({ url, keyPrefix });
  stores.push(store);
  return store;
};
beforeEach(() => {
  keyPrefix = `test-${randomUUID()}:`;
});
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

const revisions = (changes: StoreChange[]) => changes.map((c) => c.revision);
const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('RedisStore across instances', () => {
  it('delivers changes made on any instance to every instance, in revision order', async () => {
    const a = await withProduction(await open());
    const b = await open();
    const seenByA: StoreChange[] = [];
    const seenByB: StoreChange[] = [];
    a.subscribe((c) => seenByA.push(c));
    b.subscribe((c) => seenByB.push(c));

    // Two writers race on their own flags; the store orders them into one revision sequence.
    await Promise.all([writeVersions(a, 'from-a', 1, 20), writeVersions(b, 'from-b', 1, 20)]);
    await vi.waitFor(() => expect(seenByA).toHaveLength(40), WAIT);
    await vi.waitFor(() => expect(seenByB).toHaveLength(40), WAIT);
    expect(revisions(seenByA)).toEqual(upTo(40));
    expect(seenByB).toEqual(seenByA);
    expect(await b.getFlag('production', 'from-a')).toEqual(booleanFlag('from-a', 20));
  });

  it('keeps data and scripts working across a Redis restart, reporting lost and reconnected', async () => {
    const store = await withProduction(await open());
    const events: StoreConnectionEvent[] = [];
    store.onConnectionChange?.((e) => events.push(e));
    await writeVersions(store, 'a', 1, 2);

    await redis.restart(async () => {
      await vi.waitFor(() => expect(events.map((e) => e.type)).toContain('lost'), WAIT);
      await expect(store.checkReady()).rejects.toThrow(/lost|not ready/);
    });
    await vi.waitFor(() => expect(events.map((e) => e.type)).toEqual(['lost', 'reconnected']), WAIT);

    await expect(store.checkReady()).resolves.toBeUndefined();
    expect((await store.getFlag('production', 'a'))?.version).toBe(2);
    // The restarted server has no scripts cached; the write still goes through.
    await writeVersions(store, 'a', 3, 3);
    expect((await store.getRuleset('production')).revision).toBe(3);
  });
});

describe('RedisStore change feed after its subscriber was cut off', () => {
  /** Instance A logs in as its own ACL user, so that its pub/sub can be cut off alone. */
  const cutOff = () => admin.call('ACL', 'SETUSER', 'instance-a', 'resetchannels');
  const restore = () => admin.call('ACL', 'SETUSER', 'instance-a', 'allchannels');

  beforeEach(async () => {
    await admin.call('ACL', 'SETUSER', 'instance-a', 'on', '>secret-a', '~*', '&*', '+@all');
  });
  afterEach(async () => {
    await admin.call('ACL', 'DELUSER', 'instance-a');
  });

  async function instances() {
    const b = await withProduction(await open());
    const a = await open(redis.url.replace('redis://', 'redis://instance-a:secret-a@'));
    const seen: StoreChange[] = [];
    const events: StoreConnectionEvent[] = [];
    a.subscribe((c) => seen.push(c));
    a.onConnectionChange?.((e) => events.push(e));
    return { a, b, seen, events };
  }

  it('replays the changes it missed, in order and once, then goes on live', async () => {
    const { a, b, seen, events } = await instances();
    await writeVersions(b, 'f', 1, 2);
    await vi.waitFor(() => expect(seen).toHaveLength(2), WAIT);

    await cutOff();
    await vi.waitFor(() => expect(events).toContainEqual(expect.objectContaining({ type: 'lost' })), WAIT);
    await expect(a.checkReady()).rejects.toThrow(/lost/);
    await writeVersions(b, 'f', 3, 6); // published while A cannot hear
    await restore();

    await vi.waitFor(() => expect(events.map((e) => e.type)).toEqual(['lost', 'reconnected']), WAIT);
    expect(revisions(seen)).toEqual(upTo(6));
    expect(seen.at(-1)?.data).toEqual(booleanFlag('f', 6));
    await writeVersions(b, 'f', 7, 7);
    await vi.waitFor(() => expect(revisions(seen)).toEqual(upTo(7)), WAIT);
    await expect(a.checkReady()).resolves.toBeUndefined();
  });

  it(`asks for a resync when it missed more than the ${CHANGES_KEPT} changes kept`, async () => {
    const { b, seen, events } = await instances();
    await writeVersions(b, 'f', 1, 1);
    await vi.waitFor(() => expect(seen).toHaveLength(1), WAIT);

    await cutOff();
    await vi.waitFor(() => expect(events).toContainEqual(expect.objectContaining({ type: 'lost' })), WAIT);
    await writeVersions(b, 'f', 2, CHANGES_KEPT + 10);
    await restore();

    await vi.waitFor(() => expect(events.map((e) => e.type)).toContain('reconnected'), WAIT);
    expect(events).toEqual([
      expect.objectContaining({ type: 'lost' }),
      { type: 'resync-needed', environment: 'production' },
      { type: 'reconnected' },
    ]);
    // Nothing was delivered out of order: the listener reloads instead, then gets what follows.
    expect(revisions(seen)).toEqual([1]);
    await writeVersions(b, 'f', CHANGES_KEPT + 11, CHANGES_KEPT + 11);
    await vi.waitFor(() => expect(revisions(seen)).toEqual([1, CHANGES_KEPT + 11]), WAIT);
  });
});

describe('RedisStore key layout', () => {
  it('keeps every key of an environment under one hash tag, and global keys under another', async () => {
    const store = await withProduction(await open());
    await writeVersions(store, 'a', 1, 2);
    await store.createApiKey(
      {
        id: 'k1',
        kind: 'server',
        name: 'k1',
        environment: 'production',
        secretHash: 'h',
        createdAt: new Date().toISOString(),
        revokedAt: null,
      },
      { ...audit, action: 'key.create' },
    );
    await store.addMetrics('production', Math.floor(Date.now() / 60_000), [
      { flag: 'a', variant: 'on', evaluations: 1, exposures: 1, errors: 0 },
    ]);
    const keys = await admin.keys(`${keyPrefix}*`);
    expect(keys.length).toBeGreaterThan(5);
    for (const key of keys) expect(key).toMatch(/^test-[0-9a-f-]+:\{(env:production|global)\}:/);
    const metricsKey = keys.find((k) => k.includes(':metrics:'));
    expect(await admin.ttl(metricsKey ?? '')).toBeGreaterThan(0);
  });
});
