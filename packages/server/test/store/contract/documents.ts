import { describe, expect, it } from 'vitest';
import { ada, bob, booleanFlag, by, type StoreUnderTest, segment } from './store-under-test.js';

/** The FlagStore contract: environments, flags and segments: versioned writes, reads, copies. */
export function describeDocumentContract(t: StoreUnderTest): void {
  describe('environments', () => {
    it('lists environments in creation order and reads one back', async () => {
      expect((await t.store.listEnvironments()).map((e) => e.key)).toEqual(['production', 'staging']);
      expect(await t.store.getEnvironment('staging')).toMatchObject({ key: 'staging', name: 'STAGING' });
      expect(await t.store.getEnvironment('nowhere')).toBeUndefined();
    });

    it('refuses to create an environment twice and keeps the first', async () => {
      const again = { key: 'production', name: 'Other', createdAt: new Date().toISOString() };
      expect(await t.store.createEnvironment(again, by(bob, 'environment.create'))).toBe(false);
      expect((await t.store.getEnvironment('production'))?.name).toBe('PRODUCTION');
      expect(await t.store.listEnvironments()).toHaveLength(2);
    });

    it('rejects writes to an environment that does not exist', async () => {
      await expect(
        t.store.compareAndSetFlag('nowhere', 'a', null, booleanFlag('a', 1), by(ada, 'x')),
      ).rejects.toThrow(/nowhere/);
      expect(await t.store.listEnvironments()).toHaveLength(2);
    });
  });

  describe('flags', () => {
    it('creates, reads, updates and deletes a flag with version checks', async () => {
      const created = await t.write(1);
      expect(created).toEqual({
        ok: true,
        revision: 1,
        value: booleanFlag('checkout', 1),
        previous: null,
      });
      expect(await t.store.getFlag('production', 'checkout')).toEqual(booleanFlag('checkout', 1));
      expect(await t.store.getFlag('staging', 'checkout')).toBeUndefined();

      const ramped = await t.write(2, 5);
      // Every write says what it replaced, so no caller reads the document before writing.
      expect(ramped).toEqual({
        ok: true,
        revision: 2,
        value: booleanFlag('checkout', 2, 5),
        previous: booleanFlag('checkout', 1),
      });
      expect(await t.store.getFlag('production', 'checkout')).toEqual(booleanFlag('checkout', 2, 5));

      const deleted = await t.store.compareAndSetFlag(
        'production',
        'checkout',
        2,
        null,
        by(ada, 'flag.delete'),
      );
      expect(deleted).toEqual({
        ok: true,
        revision: 3,
        value: null,
        previous: booleanFlag('checkout', 2, 5),
      });
      expect(await t.store.getFlag('production', 'checkout')).toBeUndefined();
      expect(await t.store.listFlags('production')).toEqual([]);
    });

    it('reports a conflict with the current flag on a stale or missing version', async () => {
      await t.write(1);
      await t.write(2, 25);

      const stale = await t.store.compareAndSetFlag(
        'production',
        'checkout',
        1,
        booleanFlag('checkout', 2, 50),
        by(bob, 'flag.rollout'),
      );
      expect(stale).toEqual({ ok: false, current: booleanFlag('checkout', 2, 25) });
      const createAgain = await t.store.compareAndSetFlag(
        'production',
        'checkout',
        null,
        booleanFlag('checkout', 1),
        by(bob, 'flag.create'),
      );
      expect(createAgain).toEqual({ ok: false, current: booleanFlag('checkout', 2, 25) });
      const staleDelete = await t.store.compareAndSetFlag(
        'production',
        'checkout',
        7,
        null,
        by(bob, 'flag.delete'),
      );
      expect(staleDelete).toEqual({ ok: false, current: booleanFlag('checkout', 2, 25) });
      const updateMissing = await t.store.compareAndSetFlag(
        'production',
        'ghost',
        1,
        booleanFlag('ghost', 2),
        by(bob, 'flag.update'),
      );
      expect(updateMissing).toEqual({ ok: false, current: undefined });
      const deleteMissing = await t.store.compareAndSetFlag(
        'production',
        'ghost',
        null,
        null,
        by(bob, 'flag.delete'),
      );
      expect(deleteMissing).toEqual({ ok: false, current: undefined });

      expect(await t.store.getFlag('production', 'checkout')).toEqual(booleanFlag('checkout', 2, 25));
      expect((await t.store.getRuleset('production')).revision).toBe(2);
    });

    it('lists the flags of one environment only', async () => {
      for (const key of ['a', 'b', 'c']) {
        await t.store.compareAndSetFlag('production', key, null, booleanFlag(key, 1), by(ada, 'flag.create'));
      }
      await t.store.compareAndSetFlag('staging', 'z', null, booleanFlag('z', 1), by(ada, 'flag.create'));
      expect((await t.store.listFlags('production')).map((f) => f.key).sort()).toEqual(['a', 'b', 'c']);
      expect((await t.store.listFlags('staging')).map((f) => f.key)).toEqual(['z']);
      expect(await t.store.listFlags('nowhere')).toEqual([]);
    });

    it('refuses a document that is invalid or stored under another key', async () => {
      const broken = { ...booleanFlag('a', 1), offVariant: 'missing' };
      await expect(
        t.store.compareAndSetFlag('production', 'a', null, broken, by(ada, 'flag.create')),
      ).rejects.toThrow();
      await expect(
        t.store.compareAndSetFlag('production', 'a', null, booleanFlag('b', 1), by(ada, 'flag.create')),
      ).rejects.toThrow(/"a"/);
      expect(await t.store.listFlags('production')).toEqual([]);
      expect((await t.store.getRuleset('production')).revision).toBe(0);
    });

    it('hands out copies: changing a returned flag changes nothing stored', async () => {
      const written = booleanFlag('a', 1);
      await t.store.compareAndSetFlag('production', 'a', null, written, by(ada, 'flag.create'));
      written.enabled = false;
      const read = await t.store.getFlag('production', 'a');
      if (read === undefined) throw new Error('flag missing');
      read.variants.on = 'mutated';
      expect(await t.store.getFlag('production', 'a')).toEqual(booleanFlag('a', 1));
    });
  });

  describe('segments', () => {
    it('creates, updates and deletes segments with version checks', async () => {
      expect(
        await t.store.compareAndSetSegment(
          'production',
          'beta',
          null,
          segment('beta', 1, ['u1']),
          by(ada, 'segment.create'),
        ),
      ).toEqual({
        ok: true,
        revision: 1,
        value: segment('beta', 1, ['u1']),
        previous: null,
      });
      expect(await t.store.getSegment('production', 'beta')).toEqual(segment('beta', 1, ['u1']));
      expect(
        await t.store.compareAndSetSegment(
          'production',
          'beta',
          0,
          segment('beta', 2),
          by(bob, 'segment.update'),
        ),
      ).toEqual({
        ok: false,
        current: segment('beta', 1, ['u1']),
      });
      expect(
        await t.store.compareAndSetSegment(
          'production',
          'beta',
          null,
          segment('beta', 1),
          by(bob, 'segment.create'),
        ),
      ).toEqual({
        ok: false,
        current: segment('beta', 1, ['u1']),
      });
      await t.store.compareAndSetSegment(
        'production',
        'beta',
        1,
        segment('beta', 2, ['u1', 'u2']),
        by(ada, 'segment.update'),
      );
      expect(await t.store.listSegments('production')).toEqual([segment('beta', 2, ['u1', 'u2'])]);
      expect(
        await t.store.compareAndSetSegment('production', 'beta', 2, null, by(ada, 'segment.delete')),
      ).toEqual({
        ok: true,
        revision: 3,
        value: null,
        previous: segment('beta', 2, ['u1', 'u2']),
      });
      expect(await t.store.getSegment('production', 'beta')).toBeUndefined();
      expect(await t.store.listSegments('staging')).toEqual([]);
    });
  });
}
