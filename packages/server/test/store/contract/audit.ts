import type { Flag } from '@switchyard/shared';
import { describe, expect, it } from 'vitest';
import { ada, bob, booleanFlag, by, type StoreUnderTest, segment } from './store-under-test.js';

/** The FlagStore contract: the history of each flag and the audit log of every write. */
export function describeAuditContract(t: StoreUnderTest): void {
  describe('history and audit', () => {
    it('keeps every version of a flag, newest first, after the flag is deleted', async () => {
      await t.write(1);
      await t.write(2, 5);
      await t.write(3, 50);
      await t.store.compareAndSetFlag('production', 'checkout', 3, null, by(ada, 'flag.delete'));
      const history = await t.store.flagHistory('production', 'checkout');
      expect(history).toEqual([
        booleanFlag('checkout', 3, 50),
        booleanFlag('checkout', 2, 5),
        booleanFlag('checkout', 1),
      ]);
      expect(await t.store.flagHistory('staging', 'checkout')).toEqual([]);
    });

    it('records who changed what, before and after, newest first', async () => {
      await t.write(1);
      await t.write(2, 5, by(bob, 'flag.rollout', { from: 0, to: 5 }));
      await t.store.compareAndSetFlag(
        'production',
        'checkout',
        7,
        booleanFlag('checkout', 8),
        by(bob, 'flag.rollout'),
      );

      const [latest, first] = await t.store.listAudit({ environment: 'production', flag: 'checkout' });
      expect(latest).toMatchObject({
        actor: bob,
        action: 'flag.rollout',
        environment: 'production',
        resource: { kind: 'flag', key: 'checkout' },
        before: booleanFlag('checkout', 1),
        after: booleanFlag('checkout', 2, 5),
        details: { from: 0, to: 5 },
      });
      expect(typeof latest?.id).toBe('string');
      expect(Number.isNaN(Date.parse(latest?.at ?? ''))).toBe(false);
      expect(first).toMatchObject({
        actor: ada,
        action: 'flag.create',
        before: null,
        after: booleanFlag('checkout', 1),
      });
      // The conflicting write changed nothing, so it left no audit entry.
      expect(await t.store.listAudit({ flag: 'checkout' })).toHaveLength(2);
    });

    it('filters the audit log by environment and flag, with a limit', async () => {
      for (let v = 1; v <= 5; v++) {
        await t.store.compareAndSetFlag(
          'production',
          'a',
          v === 1 ? null : v - 1,
          booleanFlag('a', v),
          by(ada, 'flag.update'),
        );
      }
      await t.store.compareAndSetFlag('production', 'b', null, booleanFlag('b', 1), by(ada, 'flag.create'));
      await t.store.compareAndSetFlag('staging', 'a', null, booleanFlag('a', 1), by(ada, 'flag.create'));
      await t.store.compareAndSetSegment('production', 'a', null, segment('a', 1), by(ada, 'segment.create'));

      const flagA = await t.store.listAudit({ environment: 'production', flag: 'a' });
      expect(flagA.map((e) => (e.after as Flag).version)).toEqual([5, 4, 3, 2, 1]);
      expect(flagA.every((e) => e.resource.kind === 'flag' && e.environment === 'production')).toBe(true);
      expect(
        (await t.store.listAudit({ environment: 'production', flag: 'a', limit: 2 })).map(
          (e) => (e.after as Flag).version,
        ),
      ).toEqual([5, 4]);

      const production = await t.store.listAudit({ environment: 'production' });
      // 7 writes plus the environment's creation.
      expect(production).toHaveLength(8);
      expect(production[0]?.resource).toEqual({ kind: 'segment', key: 'a' });
      expect(production.at(-1)?.resource).toEqual({ kind: 'environment', key: 'production' });
      expect(await t.store.listAudit({ flag: 'a' })).toHaveLength(6);
      expect(await t.store.listAudit({})).toHaveLength(10);
      expect(await t.store.listAudit({ limit: 3 })).toHaveLength(3);
    });
  });
}
