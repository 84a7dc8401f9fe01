import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseJson, storeEpochSchema } from '../records.js';
import type { FlagStore, StoreEpoch } from '../types.js';
import { writeFileAtomic } from './atomic-file.js';

const EPOCH_FILE = 'epoch.json';

/**
 * The file store's epoch, in `epoch.json` and in memory. One process owns the directory (dir-lock),
 * and its memory holds the whole state, so a running file store cannot come back empty: the epoch is
 * read from disk once, at open. A data directory wiped while the server runs fails the readiness
 * probe (the store cannot write); started again on an empty directory, it is a new store.
 */
export async function openFileEpoch(
  dir: string,
): Promise<Pick<FlagStore, 'readEpoch' | 'claimEpoch' | 'replaceEpoch'>> {
  const path = join(dir, EPOCH_FILE);
  let current: StoreEpoch | null = null;
  try {
    current = parseJson(storeEpochSchema, await readFile(path, 'utf8'), path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task);
    queue = next.catch(() => undefined);
    return next;
  };
  const replace = async (epoch: StoreEpoch) => {
    await writeFileAtomic(path, JSON.stringify(storeEpochSchema.parse(epoch)));
    current = epoch;
  };
  return {
    readEpoch: async () => current,
    claimEpoch: (epoch) =>
      serially(async () => {
        if (current === null) await replace(epoch);
        return current ?? epoch;
      }),
    replaceEpoch: (epoch) => serially(() => replace(epoch)),
  };
}
