import { describe, expect, it } from 'vitest';
import type { StoreEpoch } from '../../../src/store/types.js';
import type { StoreUnderTest } from './store-under-test.js';

const epoch = (id: string, origin: StoreEpoch['origin'] = 'start'): StoreEpoch => ({
  id,
  origin,
  at: new Date().toISOString(),
});

/** The FlagStore contract: the store epoch (docs/stores.md). */
export function describeEpochContract(t: StoreUnderTest): void {
  describe('the store epoch', () => {
    it('has none until claimed; of writers claiming at once the first wins, and it survives a reopen', async () => {
      expect(await t.store.readEpoch()).toBeNull();
      const writers = await t.target.openWriters(5, t.store);
      const claimed = await Promise.all(writers.map((w, i) => w.claimEpoch(epoch(`candidate-${i}`))));
      expect(new Set(claimed.map((e) => e.id)).size).toBe(1);
      expect((await t.store.readEpoch())?.id).toBe(claimed[0]?.id);
      expect((await (await t.reopen()).readEpoch())?.id).toBe(claimed[0]?.id);
    });

    it('is replaced by a restore or accept, and a later claim keeps the replacement', async () => {
      await t.store.claimEpoch(epoch('first'));
      await t.store.replaceEpoch(epoch('restored', 'restore'));
      expect(await t.store.claimEpoch(epoch('late'))).toMatchObject({ id: 'restored', origin: 'restore' });
      expect(await t.store.readEpoch()).toMatchObject({ id: 'restored', origin: 'restore' });
    });
  });
}
