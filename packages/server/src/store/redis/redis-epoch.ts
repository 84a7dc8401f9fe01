import type { Cluster, Redis } from 'ioredis';
import { parseJson, storeEpochSchema } from '../records.js';
import type { FlagStore, StoreEpoch } from '../types.js';
import type { KeyLayout } from './key-layout.js';
import { optionalString } from './replies.js';

/**
 * The store epoch in one key of the `{global}` slot. A Redis that restarts without persistence, a
 * FLUSHALL or a failover to an empty replica loses it with the data, which is how instances notice.
 */
export function redisEpoch(
  client: Redis | Cluster,
  keys: KeyLayout,
): Pick<FlagStore, 'readEpoch' | 'claimEpoch' | 'replaceEpoch'> {
  const read = async () => {
    const text = optionalString.parse(await client.get(keys.global.epoch));
    return text === null ? null : parseJson(storeEpochSchema, text, 'the store epoch');
  };
  return {
    readEpoch: read,
    async claimEpoch(epoch: StoreEpoch) {
      // SET NX: of instances starting together on an empty store, the first writer wins.
      await client.set(keys.global.epoch, JSON.stringify(storeEpochSchema.parse(epoch)), 'NX');
      const stored = await read();
      if (stored === null) throw new Error('the store epoch vanished while it was being claimed');
      return stored;
    },
    async replaceEpoch(epoch: StoreEpoch) {
      await client.set(keys.global.epoch, JSON.stringify(storeEpochSchema.parse(epoch)));
    },
  };
}
