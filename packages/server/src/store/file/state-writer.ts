import { join } from 'node:path';
import type { StoreChange } from '../types.js';
import type { AppendLog } from './append-log.js';
import { writeFileAtomic } from './atomic-file.js';
import { createSerialQueue } from './serial-queue.js';
import type { JournalRecord } from './state-records.js';
import { applyRecord, type StoredEnvironment, type StoreState, toSnapshot } from './store-state.js';

export const SNAPSHOT = 'state.json';

/** The one way the file store changes its state: in order, journal first, then memory, then listeners. */
export interface StateWriter {
  readonly state: StoreState;
  /** Runs `task` after every write asked for before it; refuses once the store is closed. */
  write<T>(task: () => Promise<T>): Promise<T>;
  /** Makes a record durable, then applies and announces it. Only inside `write`. */
  commit(record: JournalRecord): Promise<void>;
  /** The environment a write needs; the services check it exists before they write. */
  environment(key: string): StoredEnvironment;
  subscribe(listener: (change: StoreChange) => void): () => void;
  /** Throws once the store is closed: every read starts with it. */
  assertOpen(): void;
  /** Why the journal or the last compaction failed, if one did. */
  problem(): Error | undefined;
  /** Waits for queued writes, then refuses new ones. */
  close(): Promise<void>;
}

export function createStateWriter(options: {
  dir: string;
  state: StoreState;
  journal: AppendLog<JournalRecord>;
  compactEvery: number;
}): StateWriter {
  const { dir, state, journal, compactEvery } = options;
  const queue = createSerialQueue();
  const listeners = new Set<(change: StoreChange) => void>();
  let closed = false;
  let compactionError: Error | undefined;
  let compactionQueued = false;

  const assertOpen = () => {
    if (closed) throw new Error('the file store is closed');
  };

  const compact = async () => {
    compactionQueued = false;
    if (closed || journal.length === 0) return;
    try {
      await writeFileAtomic(join(dir, SNAPSHOT), JSON.stringify(toSnapshot(state, journal.lastSeq)));
      await journal.reset();
      compactionError = undefined;
    } catch (err) {
      compactionError = err as Error;
    }
  };

  return {
    state,
    assertOpen,
    write: (task) =>
      queue.run(async () => {
        assertOpen();
        return task();
      }),
    async commit(record) {
      await journal.append(record);
      applyRecord(state, record);
      if (record.type === 'change') {
        const change = structuredClone(record.change);
        for (const listener of listeners) {
          try {
            listener(change);
          } catch {
            // A failing listener must not fail the write that is already durable, nor starve the others.
          }
        }
      }
      if (journal.length >= compactEvery && !compactionQueued) {
        compactionQueued = true;
        void queue.run(compact);
      }
    },
    environment(key) {
      const env = state.environments.get(key);
      if (env === undefined) throw new Error(`environment "${key}" does not exist`);
      return env;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    problem: () => journal.broken ?? compactionError,
    async close() {
      // Queued behind every write already asked for, so those finish; later ones find the store closed.
      await queue.run(async () => {
        closed = true;
      });
      listeners.clear();
    },
  };
}
