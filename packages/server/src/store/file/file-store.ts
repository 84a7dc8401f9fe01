import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type Flag, planSchema, type Segment } from '@switchyard/shared';
import {
  type AuditQuery,
  apiKeyAudit,
  auditLimit,
  auditStub,
  matchesAuditQuery,
  mergeNewestFirst,
} from '../audit-log.js';
import {
  checkedDocument,
  type DocumentKind,
  FLAG_KIND,
  SEGMENT_KIND,
  versionMatches,
} from '../document-kinds.js';
import { METRICS_RETENTION_MINUTES } from '../limits.js';
import { apiKeyRecordSchema, environmentSchema, parseJson } from '../records.js';
import type { AuditEntry, AuditInput, FlagStore, StoreChange, WriteResult } from '../types.js';
import { type AppendLog, openAppendLog } from './append-log.js';
import { fsyncDirectory, removeTempFiles, writeFileAtomic } from './atomic-file.js';
import { acquireDirLock, type DirLock } from './dir-lock.js';
import { openMetricsFile } from './metrics-file.js';
import { createSerialQueue } from './serial-queue.js';
import { type JournalRecord, journalRecordSchema, snapshotSchema } from './state-records.js';
import {
  applyRecord,
  type EnvironmentState,
  emptyState,
  fromSnapshot,
  planId,
  type StoreState,
  toSnapshot,
} from './store-state.js';

export interface FileStoreOptions {
  /** The data directory; created if missing. One server process at a time may open it. */
  dir: string;
  /** Journal records after which the state is rewritten as a snapshot and the journal emptied. Default 1,000. */
  compactEvery?: number;
  /** How often added metrics are written to disk, at most. Default 1,000 ms. */
  metricsFlushIntervalMs?: number;
  /** Age in minutes after which per-minute metrics are dropped. Default 7 days. */
  metricsRetentionMinutes?: number;
}

const SNAPSHOT = 'state.json';
const JOURNAL = 'journal.ndjson';
const PROBE = '.ready-probe';

/**
 * Opens the embedded store in `options.dir`. Every acknowledged write is on disk (journal line +
 * fdatasync) before its promise resolves; see docs/stores.md for the layout.
 */
export async function createFileStore(options: FileStoreOptions): Promise<FlagStore> {
  const { dir } = options;
  const compactEvery = options.compactEvery ?? 1_000;
  await mkdir(dir, { recursive: true });
  // A directory created just now must itself survive a power loss, not only the files in it.
  await fsyncDirectory(dirname(dir));
  const lock = await acquireDirLock(dir);
  try {
    await removeTempFiles(dir);
    const snapshot = await readSnapshot(dir);
    const state = snapshot === undefined ? emptyState() : fromSnapshot(snapshot);
    const opened = await openAppendLog(join(dir, JOURNAL), journalRecordSchema, snapshot?.seq ?? 0);
    for (const { seq, record } of opened.records) {
      // Records up to the snapshot are in it already: a crash came between snapshot and journal reset.
      if (seq > (snapshot?.seq ?? 0)) applyRecord(state, record);
    }
    const metrics = await openMetricsFile({
      dir,
      flushIntervalMs: options.metricsFlushIntervalMs ?? 1_000,
      retentionMinutes: options.metricsRetentionMinutes ?? METRICS_RETENTION_MINUTES,
      compactEvery: 600,
    });
    return openedFileStore({ dir, lock, state, journal: opened.log, metrics, compactEvery });
  } catch (err) {
    await lock.release();
    throw err;
  }
}

async function readSnapshot(dir: string) {
  const path = join(dir, SNAPSHOT);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return parseJson(snapshotSchema, text, path);
}

interface Opened {
  dir: string;
  lock: DirLock;
  state: StoreState;
  journal: AppendLog<JournalRecord>;
  metrics: Awaited<ReturnType<typeof openMetricsFile>>;
  compactEvery: number;
}

function openedFileStore({ dir, lock, state, journal, metrics, compactEvery }: Opened): FlagStore {
  const writes = createSerialQueue();
  const listeners = new Set<(change: StoreChange) => void>();
  let closed = false;
  let compactionError: Error | undefined;
  let compactionQueued = false;

  const assertOpen = () => {
    if (closed) throw new Error('the file store is closed');
  };

  const environment = (key: string): EnvironmentState => {
    const env = state.environments.get(key);
    if (env === undefined) throw new Error(`environment "${key}" does not exist`);
    return env;
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

  /** Makes a record durable, then applies and announces it. Runs inside the write queue. */
  const commit = async (record: JournalRecord) => {
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
      void writes.run(compact);
    }
  };

  async function compareAndSet<T extends Flag | Segment>(
    kind: DocumentKind<T>,
    documents: (env: EnvironmentState) => Map<string, T>,
    envKey: string,
    key: string,
    expectedVersion: number | null,
    next: T | null,
    input: AuditInput,
  ): Promise<WriteResult<T>> {
    const doc = next === null ? null : checkedDocument(kind, key, next);
    return writes.run(async () => {
      assertOpen();
      const env = environment(envKey);
      const current = documents(env).get(key);
      if (!versionMatches(current, expectedVersion) || (doc === null && current === undefined)) {
        return { ok: false, current: structuredClone(current) };
      }
      const change = kind.change(envKey, env.revision + 1, key, doc);
      const audit: AuditEntry = {
        ...auditStub(input, envKey, { kind: kind.kind, key }),
        before: current ?? null,
        after: doc,
      };
      await commit({ type: 'change', change, audit });
      return { ok: true, revision: change.revision, value: structuredClone(doc) };
    });
  }

  const newestMatching = (entries: AuditEntry[], query: AuditQuery, limit: number) => {
    const out: AuditEntry[] = [];
    for (let i = entries.length - 1; i >= 0 && out.length < limit; i--) {
      const entry = entries[i];
      if (entry !== undefined && matchesAuditQuery(entry, query)) out.push(entry);
    }
    return out;
  };

  /** One process owns the directory (see dir-lock.ts), so leases only matter within it. */
  const leases = new Map<string, { holder: string; until: number }>();

  return {
    async listEnvironments() {
      assertOpen();
      return [...state.environments.values()].map((e) => structuredClone(e.environment));
    },
    async getEnvironment(key) {
      assertOpen();
      return structuredClone(state.environments.get(key)?.environment);
    },
    async createEnvironment(env, input) {
      const checked = environmentSchema.parse(env);
      return writes.run(async () => {
        assertOpen();
        if (state.environments.has(checked.key)) return false;
        const audit: AuditEntry = {
          ...auditStub(input, checked.key, { kind: 'environment', key: checked.key }),
          before: null,
          after: checked,
        };
        await commit({ type: 'environment', environment: checked, audit });
        return true;
      });
    },

    async listFlags(envKey) {
      assertOpen();
      return structuredClone([...(state.environments.get(envKey)?.flags.values() ?? [])]);
    },
    async getFlag(envKey, key) {
      assertOpen();
      return structuredClone(state.environments.get(envKey)?.flags.get(key));
    },
    async flagHistory(envKey, key) {
      assertOpen();
      return structuredClone([...(state.environments.get(envKey)?.flagHistory.get(key) ?? [])].reverse());
    },
    async compareAndSetFlag(envKey, key, expectedVersion, next, input) {
      return compareAndSet(FLAG_KIND, (e) => e.flags, envKey, key, expectedVersion, next, input);
    },

    async listSegments(envKey) {
      assertOpen();
      return structuredClone([...(state.environments.get(envKey)?.segments.values() ?? [])]);
    },
    async getSegment(envKey, key) {
      assertOpen();
      return structuredClone(state.environments.get(envKey)?.segments.get(key));
    },
    async compareAndSetSegment(envKey, key, expectedVersion, next, input) {
      return compareAndSet(SEGMENT_KIND, (e) => e.segments, envKey, key, expectedVersion, next, input);
    },

    async getRuleset(envKey) {
      assertOpen();
      const env = state.environments.get(envKey);
      if (env === undefined) return { revision: 0, flags: [], segments: [] };
      return structuredClone({
        revision: env.revision,
        flags: [...env.flags.values()],
        segments: [...env.segments.values()],
      });
    },
    async changesSince(envKey, revision) {
      assertOpen();
      const env = state.environments.get(envKey);
      const current = env?.revision ?? 0;
      if (revision > current || revision < 0) return null;
      if (revision === current) return [];
      const oldest = env?.changes[0]?.revision;
      if (env === undefined || oldest === undefined || oldest > revision + 1) return null;
      return structuredClone(env.changes.slice(revision + 1 - oldest));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    async listAudit(query) {
      assertOpen();
      const limit = auditLimit(query);
      const envs =
        query.environment === undefined
          ? [...state.environments.values()]
          : [state.environments.get(query.environment)].filter((e) => e !== undefined);
      const lists = envs.map((e) => newestMatching(e.audit, query, limit));
      if (query.flag === undefined) lists.push(newestMatching(state.apiKeyAudit, query, limit));
      return structuredClone(mergeNewestFirst(lists, limit));
    },

    async createApiKey(key, input) {
      const checked = apiKeyRecordSchema.parse(key);
      return writes.run(async () => {
        assertOpen();
        await commit({ type: 'apiKey', key: checked, audit: apiKeyAudit(input, null, checked) });
      });
    },
    async listApiKeys() {
      assertOpen();
      return structuredClone([...state.apiKeys.values()]);
    },
    async findApiKeyByHash(secretHash) {
      assertOpen();
      for (const key of state.apiKeys.values())
        if (key.secretHash === secretHash) return structuredClone(key);
      return undefined;
    },
    async revokeApiKey(id, input) {
      return writes.run(async () => {
        assertOpen();
        const current = state.apiKeys.get(id);
        if (current === undefined) return false;
        if (current.revokedAt !== null) return true;
        const revoked = { ...current, revokedAt: new Date().toISOString() };
        await commit({ type: 'apiKey', key: revoked, audit: apiKeyAudit(input, current, revoked) });
        return true;
      });
    },

    async addMetrics(envKey, minute, batch) {
      assertOpen();
      metrics.add(envKey, minute, batch);
    },
    async readMetrics(envKey, flag, fromMinute, toMinute) {
      assertOpen();
      return metrics.read(envKey, flag, fromMinute, toMinute);
    },

    async getPlan(envKey, flag) {
      assertOpen();
      return structuredClone(state.plans.get(planId(envKey, flag)));
    },
    async listPlans() {
      assertOpen();
      return structuredClone([...state.plans.values()]);
    },
    async compareAndSetPlan(envKey, flag, expectedRevision, next) {
      const checked = next === null ? null : planSchema.parse(next);
      return writes.run(async () => {
        assertOpen();
        const current = state.plans.get(planId(envKey, flag));
        if ((current?.revision ?? null) !== expectedRevision) return false;
        await commit({ type: 'plan', environment: envKey, flag, plan: checked });
        return true;
      });
    },
    async tryLease(name, holder, ttlMs) {
      assertOpen();
      const now = Date.now();
      const lease = leases.get(name);
      if (lease !== undefined && lease.holder !== holder && lease.until > now) return false;
      leases.set(name, { holder, until: now + ttlMs });
      return true;
    },

    async checkReady() {
      assertOpen();
      const problem = journal.broken ?? compactionError ?? metrics.error;
      if (problem) throw new Error(`the file store in ${dir} cannot write: ${problem.message}`);
      try {
        await writeFileAtomic(join(dir, PROBE), new Date().toISOString());
        await rm(join(dir, PROBE));
        await fsyncDirectory(dir);
      } catch (err) {
        throw new Error(`the file store in ${dir} cannot write: ${(err as Error).message}`);
      }
    },
    async close() {
      if (closed) return;
      // Queued behind every write already asked for, so those finish; later ones find the store closed.
      await writes.run(async () => {
        closed = true;
      });
      listeners.clear();
      try {
        await metrics.close();
      } finally {
        await journal.close();
        await lock.release();
      }
    },
  };
}
