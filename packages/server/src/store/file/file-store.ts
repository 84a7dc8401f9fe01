import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { METRICS_RETENTION_MINUTES } from '../limits.js';
import { parseJson } from '../records.js';
import type { FlagStore } from '../types.js';
import { apiKeyMethods, documentMethods, environmentMethods, webhookMethods } from '../wired-methods.js';
import { type AppendLog, openAppendLog } from './append-log.js';
import { fsyncDirectory, removeTempFiles, writeFileAtomic } from './atomic-file.js';
import { acquireDirLock, type DirLock } from './dir-lock.js';
import { fileApiKeys } from './file-api-keys.js';
import { fileAudit } from './file-audit.js';
import { fileDocuments } from './file-documents.js';
import { openFileEpoch } from './file-epoch.js';
import { filePlans } from './file-plans.js';
import { fileSchedules } from './file-schedules.js';
import { fileTriggers } from './file-triggers.js';
import { fileWebhooks } from './file-webhooks.js';
import { openMetricsFile } from './metrics-file.js';
import { type JournalRecord, journalRecordSchema, snapshotSchema } from './state-records.js';
import { createStateWriter, SNAPSHOT } from './state-writer.js';
import { applyRecord, emptyState, fromSnapshot, type StoreState } from './store-state.js';

export interface FileStoreOptions {
  /** The data directory; created if missing. One server process at a time may open it. */
  dir: string;
  /** Journal records after which the state is rewritten as a snapshot and the journal emptied. Default 1,000. */
  compactEvery?: number;
  /** How often added metrics are written to disk, at most. Default 1,000 ms. */
  metricsFlushIntervalMs?: number;
  /** Age in minutes after which per-minute metrics are dropped. Default 7 days. */
  metricsRetentionMinutes?: number;
  /** Where warnings go (a metrics file set aside as unreadable). Default: `process.emitWarning`. */
  onWarning?: (message: string) => void;
}

const JOURNAL = 'journal.ndjson';
const PROBE = '.ready-probe';

/**
 * Opens the embedded store in `options.dir`. Every acknowledged write is on disk (journal line +
 * fdatasync) before its promise resolves; see docs/stores.md for the layout.
 */
export async function createFileStore(options: FileStoreOptions): Promise<FlagStore> {
  const { dir } = options;
  const compactEvery = options.compactEvery ?? 1_000;
  // Owner-only: the directory holds key hashes, the audit log and every flag.
  await mkdir(dir, { recursive: true, mode: 0o700 });
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
      onWarning: options.onWarning ?? ((message) => process.emitWarning(message)),
    });
    const epoch = await openFileEpoch(dir);
    return openedFileStore({ dir, lock, state, journal: opened.log, metrics, compactEvery, epoch });
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
  epoch: Awaited<ReturnType<typeof openFileEpoch>>;
}

/** The store over an opened directory: each concern lives in its own file-*.ts file. */
function openedFileStore({ dir, lock, state, journal, metrics, compactEvery, epoch }: Opened): FlagStore {
  const writer = createStateWriter({ dir, state, journal, compactEvery });
  const documents = fileDocuments(writer);
  const audit = fileAudit(state);
  const apiKeys = fileApiKeys(writer);
  const plans = filePlans(writer);
  const schedules = fileSchedules(writer);
  const triggers = fileTriggers(writer);
  const webhooks = fileWebhooks(writer);
  let closing: Promise<void> | undefined;

  /** `method`, refusing to run once the store is closed (writes also check inside the write queue). */
  const whileOpen =
    <A extends unknown[], R>(method: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      writer.assertOpen();
      return method(...args);
    };

  const wrappers = { read: whileOpen, write: whileOpen };

  return {
    ...environmentMethods(documents, wrappers),

    ...documentMethods(documents, wrappers),

    changesSince: whileOpen(documents.changesSince),
    subscribe: (listener) => writer.subscribe(listener),

    listAudit: whileOpen(audit.listAudit),

    ...apiKeyMethods(apiKeys, wrappers),
    onApiKeyRevoked: (listener) => apiKeys.onApiKeyRevoked(listener),

    addMetrics: whileOpen(async (envKey, minute, batch) => metrics.add(envKey, minute, batch)),
    readMetrics: whileOpen(async (envKey, flag, fromMinute, toMinute) =>
      metrics.read(envKey, flag, fromMinute, toMinute),
    ),

    getPlan: whileOpen(plans.getPlan),
    listPlans: whileOpen(plans.listPlans),
    compareAndSetPlan: whileOpen(plans.compareAndSetPlan),
    tryLease: whileOpen(plans.tryLease),
    releaseLease: whileOpen(plans.releaseLease),
    listSchedules: whileOpen(schedules.listSchedules),
    compareAndSetSchedule: whileOpen(schedules.compareAndSetSchedule),

    createTrigger: whileOpen(triggers.createTrigger),
    listTriggers: whileOpen(triggers.listTriggers),
    findTriggerByHash: whileOpen(triggers.findTriggerByHash),
    deleteTrigger: whileOpen(triggers.deleteTrigger),
    appendFlagAudit: whileOpen(triggers.appendFlagAudit),

    ...webhookMethods(webhooks, wrappers),
    readEpoch: whileOpen(epoch.readEpoch),
    claimEpoch: whileOpen(epoch.claimEpoch),
    replaceEpoch: whileOpen(epoch.replaceEpoch),

    checkReady: whileOpen(async () => {
      const problem = writer.problem() ?? metrics.error;
      if (problem) throw new Error(`the file store in ${dir} cannot write: ${problem.message}`);
      try {
        await writeFileAtomic(join(dir, PROBE), new Date().toISOString());
        await rm(join(dir, PROBE));
        await fsyncDirectory(dir);
      } catch (err) {
        throw new Error(`the file store in ${dir} cannot write: ${(err as Error).message}`);
      }
    }),
    close() {
      closing ??= (async () => {
        await writer.close();
        try {
          await metrics.close();
        } finally {
          await journal.close();
          await lock.release();
        }
      })();
      return closing;
    },
  };
}
