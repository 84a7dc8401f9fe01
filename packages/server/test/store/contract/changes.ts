import { describe, expect, it, vi } from 'vitest';
import { CHANGES_KEPT, HISTORY_KEPT } from '../../../src/store/limits.js';
import type { StoreChange } from '../../../src/store/types.js';
import { ada, booleanFlag, by, type StoreUnderTest, segment } from './store-under-test.js';

/** The FlagStore contract: revisions, the change log SDK catch-up reads, and change subscriptions. */
export function describeChangeContract(t: StoreUnderTest): void {
  describe('revisions and change log', () => {
    it('raises the revision by exactly one per change, per environment', async () => {
      expect((await t.store.getRuleset('production')).revision).toBe(0);
      const revisions: number[] = [];
      for (let v = 1; v <= 4; v++) {
        const r = await t.store.compareAndSetFlag(
          'production',
          'a',
          v === 1 ? null : v - 1,
          booleanFlag('a', v),
          by(ada, 'flag.update'),
        );
        if (r.ok) revisions.push(r.revision);
      }
      const s = await t.store.compareAndSetSegment(
        'production',
        's',
        null,
        segment('s', 1),
        by(ada, 'segment.create'),
      );
      if (s.ok) revisions.push(s.revision);
      await t.store.compareAndSetFlag('staging', 'a', null, booleanFlag('a', 1), by(ada, 'flag.create'));
      expect(revisions).toEqual([1, 2, 3, 4, 5]);
      const ruleset = await t.store.getRuleset('production');
      expect(ruleset).toEqual({ revision: 5, flags: [booleanFlag('a', 4)], segments: [segment('s', 1)] });
      expect((await t.store.getRuleset('staging')).revision).toBe(1);
    });

    it('returns exactly the changes after a revision, oldest first', async () => {
      await t.store.compareAndSetFlag('production', 'a', null, booleanFlag('a', 1), by(ada, 'flag.create'));
      await t.store.compareAndSetSegment('production', 's', null, segment('s', 1), by(ada, 'segment.create'));
      await t.store.compareAndSetFlag('production', 'a', 1, booleanFlag('a', 2, 10), by(ada, 'flag.rollout'));
      await t.store.compareAndSetFlag('production', 'a', 2, null, by(ada, 'flag.delete'));

      expect(await t.store.changesSince('production', 1)).toEqual([
        { environment: 'production', revision: 2, kind: 'segment', key: 's', data: segment('s', 1) },
        { environment: 'production', revision: 3, kind: 'flag', key: 'a', data: booleanFlag('a', 2, 10) },
        { environment: 'production', revision: 4, kind: 'flag', key: 'a', data: null },
      ]);
      expect((await t.store.changesSince('production', 0))?.map((c) => c.revision)).toEqual([1, 2, 3, 4]);
      expect(await t.store.changesSince('production', 4)).toEqual([]);
      expect(await t.store.changesSince('staging', 0)).toEqual([]);
      // A revision the environment never reached cannot be caught up from.
      expect(await t.store.changesSince('production', 9)).toBeNull();
    });

    it(`keeps the last ${CHANGES_KEPT} changes and answers null for older revisions`, async () => {
      const total = CHANGES_KEPT + 5;
      for (let v = 1; v <= total; v++) {
        await t.store.compareAndSetFlag(
          'production',
          'busy',
          v === 1 ? null : v - 1,
          booleanFlag('busy', v),
          by(ada, 'flag.update'),
        );
      }
      expect(await t.store.changesSince('production', 0)).toBeNull();
      expect(await t.store.changesSince('production', 4)).toBeNull();
      const kept = await t.store.changesSince('production', total - CHANGES_KEPT);
      expect(kept).toHaveLength(CHANGES_KEPT);
      expect(kept?.[0]?.revision).toBe(total - CHANGES_KEPT + 1);
      expect(kept?.at(-1)?.data).toEqual(booleanFlag('busy', total));
      const history = await t.store.flagHistory('production', 'busy');
      expect(history).toHaveLength(Math.min(total, HISTORY_KEPT));
      expect(history[0]).toEqual(booleanFlag('busy', total));
    });
  });

  describe('subscribe', () => {
    it('delivers each change once, in revision order, until unsubscribed', async () => {
      const seen: StoreChange[] = [];
      const stop = t.store.subscribe((c) => seen.push(c));
      await t.store.compareAndSetFlag('production', 'a', null, booleanFlag('a', 1), by(ada, 'flag.create'));
      await t.store.compareAndSetSegment('staging', 's', null, segment('s', 1), by(ada, 'segment.create'));
      await t.store.compareAndSetFlag('production', 'a', 1, booleanFlag('a', 2, 30), by(ada, 'flag.rollout'));
      await t.store.compareAndSetFlag('production', 'a', 9, booleanFlag('a', 10), by(ada, 'flag.rollout')); // conflict
      await t.store.compareAndSetFlag('production', 'a', 2, null, by(ada, 'flag.delete'));
      await vi.waitFor(() => expect(seen).toHaveLength(4), { timeout: 5_000 });
      expect(seen).toEqual([
        { environment: 'production', revision: 1, kind: 'flag', key: 'a', data: booleanFlag('a', 1) },
        { environment: 'staging', revision: 1, kind: 'segment', key: 's', data: segment('s', 1) },
        { environment: 'production', revision: 2, kind: 'flag', key: 'a', data: booleanFlag('a', 2, 30) },
        { environment: 'production', revision: 3, kind: 'flag', key: 'a', data: null },
      ]);

      // A marker change shows that nothing else (no duplicate) was on its way before it.
      const marker: StoreChange[] = [];
      const stopMarker = t.store.subscribe((c) => marker.push(c));
      stop();
      await t.store.compareAndSetFlag(
        'production',
        'marker',
        null,
        booleanFlag('marker', 1),
        by(ada, 'flag.create'),
      );
      await vi.waitFor(() => expect(marker).toHaveLength(1), { timeout: 5_000 });
      stopMarker();
      expect(seen).toHaveLength(4);
    });

    it('keeps delivering to other listeners when one throws, and the write still succeeds', async () => {
      const seen: number[] = [];
      t.store.subscribe(() => {
        throw new Error('listener bug');
      });
      t.store.subscribe((c) => seen.push(c.revision));
      const result = await t.store.compareAndSetFlag(
        'production',
        'a',
        null,
        booleanFlag('a', 1),
        by(ada, 'flag.create'),
      );
      expect(result.ok).toBe(true);
      await t.store.compareAndSetFlag('production', 'a', 1, booleanFlag('a', 2), by(ada, 'flag.update'));
      await vi.waitFor(() => expect(seen).toEqual([1, 2]), { timeout: 5_000 });
    });

    it('delivers concurrent writes in revision order', async () => {
      const seen: number[] = [];
      t.store.subscribe((c) => {
        if (c.environment === 'production') seen.push(c.revision);
      });
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          t.store.compareAndSetFlag(
            'production',
            `f${i}`,
            null,
            booleanFlag(`f${i}`, 1),
            by(ada, 'flag.create'),
          ),
        ),
      );
      await vi.waitFor(() => expect(seen).toHaveLength(30), { timeout: 5_000 });
      expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    });
  });
}
