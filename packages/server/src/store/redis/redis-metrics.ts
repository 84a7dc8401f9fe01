import {
  addSaturating,
  emptyHistogram,
  type FlagVariantMetrics,
  flagVariantMetricsSchema,
} from '@switchyard/shared';
import type { Cluster, Redis } from 'ioredis';
import { z } from 'zod';
import { MINUTES_PER_DAY } from '../limits.js';
import { compareMinuteMetrics, emptyVariantMetrics, sumByVariant } from '../metrics-math.js';
import type { MinuteMetrics } from '../types.js';
import type { KeyLayout } from './key-layout.js';

/**
 * Per-minute metrics in Redis: one hash per flag and UTC day, fields `<minute>|<variant>|<counter>`
 * (variant empty for the default-value row) incremented with HINCRBY, so batches from many server
 * instances add up without reading first. Each hash expires `retentionMinutes` after its last write.
 */
const COUNTERS = { evaluations: 'e', exposures: 'x', errors: 'r' } as const;
const SUM_MS = 's';
const LATENCY = 'l';

const hashSchema = z.record(z.string(), z.string());

export interface RedisMetrics {
  add(environment: string, minute: number, metrics: FlagVariantMetrics[]): Promise<void>;
  read(environment: string, flag: string, fromMinute: number, toMinute: number): Promise<MinuteMetrics[]>;
}

export function createRedisMetrics(
  client: Redis | Cluster,
  keys: KeyLayout,
  retentionMinutes: number,
): RedisMetrics {
  const ttlSeconds = (retentionMinutes + MINUTES_PER_DAY) * 60;

  return {
    async add(environment, minute, metrics) {
      if (!Number.isInteger(minute) || minute < 0)
        throw new Error(`minute must be a whole epoch minute, not ${minute}`);
      const checked = sumByVariant(z.array(flagVariantMetricsSchema).parse(metrics));
      if (checked.length === 0) return;
      const env = keys.environment(environment);
      const day = Math.floor(minute / MINUTES_PER_DAY);
      // One MULTI: a batch counts entirely or not at all. All keys share the environment's slot.
      const multi = client.multi();
      const touched = new Set<string>();
      for (const m of checked) {
        const key = env.metrics(m.flag, day);
        touched.add(key);
        const field = (counter: string) => `${minute}|${m.variant ?? ''}|${counter}`;
        for (const [name, counter] of Object.entries(COUNTERS)) {
          const value = m[name as keyof typeof COUNTERS];
          if (value > 0) multi.hincrby(key, field(counter), value);
        }
        // Always touch evaluations so that an all-zero row still reads back.
        if (m.evaluations === 0) multi.hincrby(key, field(COUNTERS.evaluations), 0);
        if (m.latency !== undefined) {
          m.latency.counts.forEach((count, i) => {
            if (count > 0) multi.hincrby(key, field(`${LATENCY}${i}`), count);
          });
          multi.hincrbyfloat(key, field(SUM_MS), m.latency.sumMs);
        }
      }
      for (const key of touched) multi.expire(key, ttlSeconds);
      const results = await multi.exec();
      // A counter already at Redis' 64-bit limit refuses the increment and keeps its value: that is
      // saturation, not a failure, and EXEC applied every other increment of the batch regardless.
      const failed = results?.find(([err]) => err !== null && !/overflow/i.test(err.message))?.[0];
      if (results === null || failed) throw failed ?? new Error('the metrics transaction was aborted');
    },

    async read(environment, flag, fromMinute, toMinute) {
      if (toMinute < fromMinute) return [];
      const env = keys.environment(environment);
      const lastDay = Math.floor(toMinute / MINUTES_PER_DAY);
      // Nothing older than the retention can exist, so a wide range reads only the days that could.
      const firstDay = Math.max(
        Math.floor(fromMinute / MINUTES_PER_DAY),
        lastDay - Math.ceil(retentionMinutes / MINUTES_PER_DAY) - 1,
      );
      const pipeline = client.pipeline();
      for (let day = firstDay; day <= lastDay; day++) pipeline.hgetall(env.metrics(flag, day));
      const rows = new Map<string, MinuteMetrics>();
      for (const [err, value] of (await pipeline.exec()) ?? []) {
        if (err) throw err;
        for (const [field, text] of Object.entries(hashSchema.parse(value))) {
          const [minuteText = '', variantText = '', counter = ''] = field.split('|');
          const minute = Number(minuteText);
          if (minute < fromMinute || minute > toMinute) continue;
          const id = `${minute}|${variantText}`;
          let row = rows.get(id);
          if (row === undefined) {
            row = { ...emptyVariantMetrics(flag, variantText === '' ? null : variantText), minute };
            rows.set(id, row);
          }
          addField(row, counter, text);
        }
      }
      return [...rows.values()].sort(compareMinuteMetrics);
    },
  };
}

/** Adds one hash field into its row, saturating like the file store (a field is never negative). */
function addField(row: MinuteMetrics, counter: string, text: string): void {
  const value = Number(text);
  if (!(value >= 0)) return;
  if (counter === COUNTERS.evaluations) row.evaluations = addSaturating(row.evaluations, value);
  else if (counter === COUNTERS.exposures) row.exposures = addSaturating(row.exposures, value);
  else if (counter === COUNTERS.errors) row.errors = addSaturating(row.errors, value);
  else if (counter === SUM_MS || counter.startsWith(LATENCY)) {
    row.latency ??= emptyHistogram();
    const latency = row.latency;
    if (counter === SUM_MS) latency.sumMs = addSaturating(latency.sumMs, value);
    else {
      const i = Number(counter.slice(LATENCY.length));
      if (Number.isInteger(i) && i >= 0 && i < latency.counts.length)
        latency.counts[i] = addSaturating(latency.counts[i] ?? 0, value);
    }
  }
}
