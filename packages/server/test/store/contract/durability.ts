import { describe, expect, it } from 'vitest';
import type { FlagStore } from '../../../src/store/types.js';
import {
  ada,
  apiKey,
  bob,
  booleanFlag,
  by,
  nowMinute,
  type StoreUnderTest,
  segment,
  variantMetrics,
} from './store-under-test.js';

/** The FlagStore contract: what survives a reopen, and concurrent writers. */
export function describeDurabilityContract(t: StoreUnderTest): void {
  describe('durability', () => {
    it('has everything after the store is closed and opened again', async () => {
      const m = nowMinute();
      await t.store.compareAndSetFlag('production', 'a', null, booleanFlag('a', 1), by(ada, 'flag.create'));
      await t.store.compareAndSetFlag('production', 'a', 1, booleanFlag('a', 2, 5), by(bob, 'flag.rollout'));
      await t.store.compareAndSetSegment(
        'production',
        's',
        null,
        segment('s', 1, ['u']),
        by(ada, 'segment.create'),
      );
      await t.store.compareAndSetFlag(
        'staging',
        'gone',
        null,
        booleanFlag('gone', 1),
        by(ada, 'flag.create'),
      );
      await t.store.compareAndSetFlag('staging', 'gone', 1, null, by(ada, 'flag.delete'));
      await t.store.createApiKey(apiKey('k1', 'production', 'hash-1'), by(ada, 'key.create'));
      await t.store.revokeApiKey('k1', by(ada, 'key.revoke'));
      await t.store.addMetrics('production', m, [variantMetrics('a', 'on', 4)]);
      const audit = await t.store.listAudit({});
      const keys = await t.store.listApiKeys();

      const again = await t.reopen();
      expect((await again.listEnvironments()).map((e) => e.key)).toEqual(['production', 'staging']);
      expect(await again.getRuleset('production')).toEqual({
        revision: 3,
        flags: [booleanFlag('a', 2, 5)],
        segments: [segment('s', 1, ['u'])],
      });
      expect(await again.getRuleset('staging')).toEqual({ revision: 2, flags: [], segments: [] });
      expect(await again.flagHistory('staging', 'gone')).toEqual([booleanFlag('gone', 1)]);
      expect((await again.changesSince('production', 0))?.map((c) => c.revision)).toEqual([1, 2, 3]);
      expect(await again.listAudit({})).toEqual(audit);
      expect(await again.listApiKeys()).toEqual(keys);
      expect((await again.readMetrics('production', 'a', m, m)).map((r) => r.evaluations)).toEqual([4]);

      // And it goes on from where it was.
      const next = await again.compareAndSetFlag(
        'production',
        'a',
        2,
        booleanFlag('a', 3),
        by(ada, 'flag.update'),
      );
      expect(next).toMatchObject({ ok: true, revision: 4 });
    });

    it('answers checkReady while open and refuses once closed', async () => {
      await expect(t.store.checkReady()).resolves.toBeUndefined();
      await t.store.close();
      await expect(t.store.checkReady()).rejects.toThrow();
      await expect(t.store.getFlag('production', 'a')).rejects.toThrow(/closed/);
    });
  });

  describe('concurrency', () => {
    it('lets exactly one of 50 concurrent writes with the same expected version win', async () => {
      await t.store.compareAndSetFlag(
        'production',
        'hot',
        null,
        booleanFlag('hot', 1),
        by(ada, 'flag.create'),
      );
      const writers = await t.target.openWriters(5, t.store);
      t.opened.push(...writers);
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          (writers[i % writers.length] as FlagStore).compareAndSetFlag(
            'production',
            'hot',
            1,
            booleanFlag('hot', 2, 0, `writer ${i}`),
            by(ada, 'flag.update'),
          ),
        ),
      );
      const winners = results.filter((r) => r.ok);
      expect(winners).toHaveLength(1);
      const winner = winners[0];
      if (!winner?.ok) throw new Error('no winner');
      for (const r of results) {
        if (!r.ok) expect(r.current).toEqual(winner.value);
      }
      const check = writers[0] as FlagStore;
      expect(await check.getFlag('production', 'hot')).toEqual(winner.value);
      expect((await check.getRuleset('production')).revision).toBe(2);
      expect(await check.flagHistory('production', 'hot')).toHaveLength(2);
      expect(await check.listAudit({ flag: 'hot' })).toHaveLength(2);
    });

    it('lets exactly one of 50 concurrent creates of the same key win', async () => {
      const writers = await t.target.openWriters(5, t.store);
      t.opened.push(...writers);
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          (writers[i % writers.length] as FlagStore).compareAndSetFlag(
            'production',
            'new',
            null,
            booleanFlag('new', 1, 0, `creator ${i}`),
            by(ada, 'flag.create'),
          ),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect((await (writers[0] as FlagStore).getRuleset('production')).revision).toBe(1);
    });
  });
}
