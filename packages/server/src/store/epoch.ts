import { randomUUID } from 'node:crypto';
import type { StoreEpoch } from './types.js';

/** A fresh epoch record, for a first start, a restore or an accepted store. */
export function newEpoch(origin: StoreEpoch['origin']): StoreEpoch {
  return { id: randomUUID(), origin, at: new Date().toISOString() };
}
