import { z } from 'zod';
import { MAX_REPORTED_COUNT } from '../metrics/counter-limits.js';
import { LATENCY_BUCKETS_MS } from '../metrics/latency-buckets.js';
import { KEY_PATTERN, VARIANT_PATTERN } from '../naming/key-pattern.js';
import { isRecord } from '../schema/is-record.js';
import type { EventsBatch } from './sdk.js';

/** Entries one `POST /sdk/v1/events` batch may carry (an SDK holds at most this many pairs). */
export const MAX_EVENTS_PER_BATCH = 10_000;

/** The batch around its entries, for the error of a batch whose shape (not an entry) is wrong. */
export const eventsBatchEnvelopeSchema = z.strictObject({
  metrics: z.array(z.unknown()).max(MAX_EVENTS_PER_BATCH),
});

export type EventsBatchCheck = { ok: true; batch: EventsBatch } | { ok: false; entry: number };

const ENTRY_KEYS = new Set(['flag', 'variant', 'evaluations', 'exposures', 'errors', 'latency']);
const BUCKETS = LATENCY_BUCKETS_MS.length + 1;

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_REPORTED_COUNT;

function onlyKeys(value: Record<string, unknown>, allowed: Set<string>): boolean {
  for (const key in value) if (!allowed.has(key) || !Object.hasOwn(value, key)) return false;
  return true;
}

const LATENCY_KEYS = new Set(['counts', 'sumMs']);
function checkLatency(value: unknown): EventsBatch['metrics'][number]['latency'] | null {
  if (!isRecord(value) || !onlyKeys(value, LATENCY_KEYS)) return null;
  const { counts, sumMs } = value;
  if (!Array.isArray(counts) || counts.length !== BUCKETS || !counts.every(isCount)) return null;
  if (typeof sumMs !== 'number' || !Number.isFinite(sumMs) || sumMs < 0 || sumMs > MAX_REPORTED_COUNT)
    return null;
  return { counts: counts.slice(), sumMs };
}

function checkEntry(value: unknown): EventsBatch['metrics'][number] | null {
  if (!isRecord(value) || !onlyKeys(value, ENTRY_KEYS)) return null;
  const { flag, variant, evaluations = 0, exposures = 0, errors = 0 } = value;
  if (typeof flag !== 'string' || !KEY_PATTERN.test(flag)) return null;
  if (variant !== null && (typeof variant !== 'string' || !VARIANT_PATTERN.test(variant))) return null;
  if (!isCount(evaluations) || !isCount(exposures) || !isCount(errors)) return null;
  if (!('latency' in value)) return { flag, variant, evaluations, exposures, errors };
  const latency = checkLatency(value.latency);
  return latency === null ? null : { flag, variant, evaluations, exposures, errors, latency };
}

/**
 * `eventsBatchSchema` by hand, for the hot path of `POST /sdk/v1/events`: a batch of 10,000 entries
 * through zod holds the event loop for tens of milliseconds, this loop for about one. It accepts
 * exactly what the schema accepts and returns what it returns (a property test holds the two equal);
 * on a problem it says which entry (-1: the batch itself), so that only that part goes through zod for
 * an error message that names the field.
 */
export function checkEventsBatch(value: unknown): EventsBatchCheck {
  if (!isRecord(value) || !onlyKeys(value, new Set(['metrics']))) return { ok: false, entry: -1 };
  const { metrics } = value;
  if (!Array.isArray(metrics) || metrics.length > MAX_EVENTS_PER_BATCH) return { ok: false, entry: -1 };
  const checked: EventsBatch['metrics'] = new Array(metrics.length);
  for (let i = 0; i < metrics.length; i++) {
    const entry = checkEntry(metrics[i]);
    if (entry === null) return { ok: false, entry: i };
    checked[i] = entry;
  }
  return { ok: true, batch: { metrics: checked } };
}
