import type { FlagStore } from '../../src/store/types.js';
import { booleanFlag } from './contract.js';

const actor = { keyId: 'k', name: 'Ada' };

/** Creates the `production` environment in `store`; returns the store. */
export async function withProduction(store: FlagStore): Promise<FlagStore> {
  await store.createEnvironment(
    { key: 'production', name: 'Production', createdAt: new Date().toISOString() },
    { actor, action: 'environment.create' },
  );
  return store;
}

/** Writes versions `from..to` of a flag in `production`; returns once all are acknowledged. */
export async function writeVersions(store: FlagStore, key: string, from: number, to: number): Promise<void> {
  for (let v = from; v <= to; v++) {
    const r = await store.compareAndSetFlag('production', key, v === 1 ? null : v - 1, booleanFlag(key, v), {
      actor,
      action: 'flag.update',
    });
    if (!r.ok) throw new Error(`conflict writing ${key} v${v}`);
  }
}
