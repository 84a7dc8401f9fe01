import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { addVariantMetrics, type FlagVariantMetrics, flagVariantMetricsSchema } from '@switchyard/shared';
import { z } from 'zod';
import { MINUTES_PER_DAY } from '../limits.js';
import { compareMinuteMetrics, emptyVariantMetrics } from '../metrics-math.js';
import { parseJson } from '../records.js';
import type { MinuteMetrics } from '../types.js';
import { type AppendLog, openAppendLog } from './append-log.js';
import { writeFileAtomic } from './atomic-file.js';
import { createSerialQueue } from './serial-queue.js';

/**
 * Per-minute SDK metrics of the file store, kept apart from flag data so that counting never waits
 * on, or delays, a flag write. Batches are added in memory and written at most every
 * `flushIntervalMs` as one journal line (so a crash loses at most that long of metrics); every
 * `compactEvery` lines the days touched are rewritten as `day-<n>.json` and the journal is emptied.
 */
export interface MetricsFile {
  add(environment: string, minute: number, metrics: FlagVariantMetrics[]): void;
  read(environment: string, flag: string, fromMinute: number, toMinute: number): MinuteMetrics[];
  /** Writes what was added since the last flush; resolves once it is on disk. */
  flush(): Promise<void>;
  /** The last flush failure, cleared by the next successful flush. */
  readonly error: Error | undefined;
  close(): Promise<void>;
}

export interface MetricsFileOptions {
  dir: string;
  flushIntervalMs: number;
  retentionMinutes: number;
  compactEvery: number;
  /** Told about a metrics file that was set aside because it could not be read. */
  onWarning: (message: string) => void;
}

/**
 * One environment-minute as stored. Metrics are read one by one (`readMetrics`): a record that fails
 * its schema (say a sum written by an older version as `null`) is dropped with a warning, and every
 * other flag and minute of the file still counts.
 */
const entrySchema = z.strictObject({
  environment: z.string(),
  minute: z.number().int().min(0),
  metrics: z.array(z.unknown()),
});
type Entry = z.infer<typeof entrySchema>;

const journalRecordSchema = z.strictObject({ entries: z.array(entrySchema) });
const dayFileSchema = z.strictObject({
  format: z.literal(1),
  day: z.number().int().min(0),
  /** The journal sequence this day includes up to. */
  seq: z.number().int().min(0),
  entries: z.array(entrySchema),
});

/** The metrics of `entry` that pass their schema, and how many did not. */
function readMetrics(entry: Entry): { metrics: FlagVariantMetrics[]; bad: number } {
  const metrics: FlagVariantMetrics[] = [];
  for (const m of entry.metrics) {
    const parsed = flagVariantMetricsSchema.safeParse(m);
    if (parsed.success) metrics.push(parsed.data);
  }
  return { metrics, bad: entry.metrics.length - metrics.length };
}

const JOURNAL = 'journal.ndjson';
const dayFileName = (day: number) => `day-${day}.json`;
const DAY_FILE = /^day-(\d+)\.json$/;
const dayOf = (minute: number) => Math.floor(minute / MINUTES_PER_DAY);
const variantId = (variant: string | null) => variant ?? '';

/** environment → flag → minute → variant → sums */
type Aggregates = Map<string, Map<string, Map<number, Map<string, FlagVariantMetrics>>>>;

function addInto(data: Aggregates, environment: string, minute: number, metrics: FlagVariantMetrics[]): void {
  let flags = data.get(environment);
  if (flags === undefined) {
    flags = new Map();
    data.set(environment, flags);
  }
  for (const m of metrics) {
    let minutes = flags.get(m.flag);
    if (minutes === undefined) {
      minutes = new Map();
      flags.set(m.flag, minutes);
    }
    let variants = minutes.get(minute);
    if (variants === undefined) {
      variants = new Map();
      minutes.set(minute, variants);
    }
    let sum = variants.get(variantId(m.variant));
    if (sum === undefined) {
      sum = emptyVariantMetrics(m.flag, m.variant);
      variants.set(variantId(m.variant), sum);
    }
    addVariantMetrics(sum, m);
  }
}

/** Every (environment, minute) of `day`, as stored in its day file. */
function entriesOfDay(data: Aggregates, day: number): Entry[] {
  const byMinute = new Map<string, Entry>();
  for (const [environment, flags] of data) {
    for (const minutes of flags.values()) {
      for (const [minute, variants] of minutes) {
        if (dayOf(minute) !== day) continue;
        const id = `${environment}|${minute}`;
        let entry = byMinute.get(id);
        if (entry === undefined) {
          entry = { environment, minute, metrics: [] };
          byMinute.set(id, entry);
        }
        for (const m of variants.values()) entry.metrics.push(m);
      }
    }
  }
  return [...byMinute.values()];
}

function prune(data: Aggregates, oldestMinute: number): void {
  for (const [environment, flags] of data) {
    for (const [flag, minutes] of flags) {
      for (const minute of minutes.keys()) if (minute < oldestMinute) minutes.delete(minute);
      if (minutes.size === 0) flags.delete(flag);
    }
    if (flags.size === 0) data.delete(environment);
  }
}

/**
 * Sets a metrics file that cannot be read aside (renamed, never deleted) so that the server still
 * starts: metrics are statistics, and losing one day of them must not take flag delivery down.
 */
async function quarantine(dir: string, name: string, err: Error, warn: (message: string) => void) {
  const aside = `${name}.quarantined-${Date.now()}`;
  await rename(join(dir, name), join(dir, aside));
  warn(`metrics file ${join(dir, name)} was quarantined as ${aside}: ${err.message}`);
}

export async function openMetricsFile(options: MetricsFileOptions): Promise<MetricsFile> {
  const dir = join(options.dir, 'metrics');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const oldestMinute = () => Math.floor(Date.now() / 60_000) - options.retentionMinutes;

  const data: Aggregates = new Map();
  const daySeq = new Map<number, number>();
  for (const name of await readdir(dir)) {
    const match = DAY_FILE.exec(name);
    if (!match) continue;
    const day = Number(match[1]);
    if (day < dayOf(oldestMinute())) {
      await rm(join(dir, name), { force: true });
      continue;
    }
    let file: z.infer<typeof dayFileSchema>;
    try {
      file = parseJson(dayFileSchema, await readFile(join(dir, name), 'utf8'), join(dir, name));
    } catch (err) {
      await quarantine(dir, name, err as Error, options.onWarning);
      continue;
    }
    let bad = 0;
    for (const e of file.entries) {
      const read = readMetrics(e);
      addInto(data, e.environment, e.minute, read.metrics);
      bad += read.bad;
    }
    if (bad > 0) options.onWarning(`${join(dir, name)}: dropped ${bad} metrics that fail their schema`);
    daySeq.set(day, file.seq);
  }

  const afterSeq = Math.max(0, ...daySeq.values());
  const opened = await openAppendLog(join(dir, JOURNAL), journalRecordSchema, afterSeq).catch(
    async (err: Error) => {
      await quarantine(dir, JOURNAL, err, options.onWarning);
      return openAppendLog(join(dir, JOURNAL), journalRecordSchema, afterSeq);
    },
  );
  const log: AppendLog<z.infer<typeof journalRecordSchema>> = opened.log;
  /** Days with journal entries not yet in their day file. */
  const touchedDays = new Set<number>();
  let bad = 0;
  for (const { seq, record } of opened.records) {
    for (const e of record.entries) {
      const day = dayOf(e.minute);
      if (seq <= (daySeq.get(day) ?? 0)) continue;
      const read = readMetrics(e);
      addInto(data, e.environment, e.minute, read.metrics);
      bad += read.bad;
      touchedDays.add(day);
    }
  }
  if (bad > 0) options.onWarning(`${join(dir, JOURNAL)}: dropped ${bad} metrics that fail their schema`);
  prune(data, oldestMinute());

  let pending: Aggregates = new Map();
  let error: Error | undefined;
  const queue = createSerialQueue();

  const compact = async () => {
    const oldest = oldestMinute();
    prune(data, oldest);
    for (const day of touchedDays) {
      if (day < dayOf(oldest)) continue;
      const file = { format: 1 as const, day, seq: log.lastSeq, entries: entriesOfDay(data, day) };
      await writeFileAtomic(join(dir, dayFileName(day)), JSON.stringify(file));
    }
    await log.reset();
    touchedDays.clear();
    for (const name of await readdir(dir)) {
      const match = DAY_FILE.exec(name);
      if (match && Number(match[1]) < dayOf(oldest)) await rm(join(dir, name), { force: true });
    }
  };

  const flush = () =>
    queue.run(async () => {
      if (pending.size === 0) return;
      const batch = pending;
      pending = new Map();
      const entries: (Entry & { metrics: FlagVariantMetrics[] })[] = [];
      for (const [environment, flags] of batch) {
        const byMinute = new Map<number, FlagVariantMetrics[]>();
        for (const minutes of flags.values()) {
          for (const [minute, variants] of minutes) {
            let list = byMinute.get(minute);
            if (list === undefined) {
              list = [];
              byMinute.set(minute, list);
            }
            for (const m of variants.values()) list.push(m);
          }
        }
        for (const [minute, metrics] of byMinute) entries.push({ environment, minute, metrics });
      }
      try {
        await log.append({ entries });
        error = undefined;
      } catch (err) {
        // Keep the batch for the next flush rather than losing it.
        for (const e of entries) addInto(pending, e.environment, e.minute, e.metrics);
        error = err as Error;
        throw err;
      }
      for (const e of entries) touchedDays.add(dayOf(e.minute));
      if (log.length >= options.compactEvery) await compact();
    });

  const timer = setInterval(() => {
    flush().catch(() => undefined);
  }, options.flushIntervalMs);
  timer.unref();

  return {
    add(environment, minute, metrics) {
      const checked = z.array(flagVariantMetricsSchema).parse(metrics);
      if (!Number.isInteger(minute) || minute < 0)
        throw new Error(`minute must be a whole epoch minute, not ${minute}`);
      addInto(data, environment, minute, checked);
      addInto(pending, environment, minute, checked);
    },
    read(environment, flag, fromMinute, toMinute) {
      const out: MinuteMetrics[] = [];
      const minutes = data.get(environment)?.get(flag);
      for (const [minute, variants] of minutes ?? []) {
        if (minute < fromMinute || minute > toMinute) continue;
        for (const m of variants.values()) out.push({ ...structuredClone(m), minute });
      }
      return out.sort(compareMinuteMetrics);
    },
    flush,
    get error() {
      return error;
    },
    async close() {
      clearInterval(timer);
      try {
        await flush();
      } finally {
        await log.close();
      }
    },
  };
}
