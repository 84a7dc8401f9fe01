import type { EventsBatch, FlagVariantMetrics, LatencyHistogram } from '../protocol/sdk.js';
import { MAX_STORED_COUNT } from './counter-limits.js';
import { LATENCY_BUCKETS_MS } from './latency-buckets.js';

/** The histogram bucket a latency falls into (the last one counts everything slower). */
export function latencyBucketIndex(ms: number): number {
  for (let i = 0; i < LATENCY_BUCKETS_MS.length; i++) if (ms <= (LATENCY_BUCKETS_MS[i] as number)) return i;
  return LATENCY_BUCKETS_MS.length;
}

export function emptyHistogram(): LatencyHistogram {
  return { counts: new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0), sumMs: 0 };
}

/**
 * `a + b`, stopping at {@link MAX_STORED_COUNT}: counters from untrusted reports saturate rather than
 * lose precision or overflow to Infinity (which JSON writes as `null`).
 */
export function addSaturating(a: number, b: number): number {
  const sum = a + b;
  return sum < MAX_STORED_COUNT ? sum : MAX_STORED_COUNT;
}

/** Adds `from` into `into`, saturating. */
export function addHistogram(into: LatencyHistogram, from: LatencyHistogram): void {
  for (let i = 0; i < into.counts.length; i++)
    into.counts[i] = addSaturating(into.counts[i] ?? 0, from.counts[i] ?? 0);
  into.sumMs = addSaturating(into.sumMs, from.sumMs);
}

/**
 * The latency below which `quantile` of the samples fall, read off the histogram as the upper bound
 * of the bucket that holds it (Prometheus' histogram_quantile without interpolation). `null` when empty;
 * `Infinity` when it falls in the overflow bucket.
 */
export function histogramQuantile(histogram: LatencyHistogram, quantile: number): number | null {
  const total = histogram.counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = Math.ceil(quantile * total);
  let seen = 0;
  for (let i = 0; i < histogram.counts.length; i++) {
    seen += histogram.counts[i] ?? 0;
    if (seen >= rank) return LATENCY_BUCKETS_MS[i] ?? Number.POSITIVE_INFINITY;
  }
  return Number.POSITIVE_INFINITY;
}

/** Adds `from`'s counters and histogram into `into`, saturating; nothing is overwritten. */
export function addVariantMetrics(into: FlagVariantMetrics, from: FlagVariantMetrics): void {
  into.evaluations = addSaturating(into.evaluations, from.evaluations);
  into.exposures = addSaturating(into.exposures, from.exposures);
  into.errors = addSaturating(into.errors, from.errors);
  if (from.latency !== undefined) {
    into.latency ??= emptyHistogram();
    addHistogram(into.latency, from.latency);
  }
}

interface Entry {
  metrics: FlagVariantMetrics;
  seen: Set<string>;
}

export interface MetricsAccumulatorOptions {
  /** Distinct flag/variant pairs kept between flushes; more are counted in `dropped`. */
  maxPairs?: number;
  /** Distinct user ids remembered per pair for exposure counting. */
  maxExposuresPerPair?: number;
}

/**
 * Counts evaluations, exposures, errors and latencies per flag variant in bounded memory until the
 * SDK flushes them to `POST /sdk/v1/events`. Shared by every SDK so they report alike.
 */
export class MetricsAccumulator {
  private entries = new Map<string, Entry>();
  private readonly maxPairs: number;
  private readonly maxExposuresPerPair: number;
  /** Records lost because `maxPairs` was reached, since the accumulator was made. */
  dropped = 0;

  constructor(options: MetricsAccumulatorOptions = {}) {
    this.maxPairs = options.maxPairs ?? 10_000;
    this.maxExposuresPerPair = options.maxExposuresPerPair ?? 10_000;
  }

  get size(): number {
    return this.entries.size;
  }

  recordEvaluation(flag: string, variant: string | null, userId?: string): void {
    const entry = this.entry(flag, variant);
    if (entry === undefined) return;
    entry.metrics.evaluations++;
    if (userId !== undefined && !entry.seen.has(userId) && entry.seen.size < this.maxExposuresPerPair) {
      entry.seen.add(userId);
      entry.metrics.exposures++;
    }
  }

  recordError(flag: string, variant: string | null): void {
    const entry = this.entry(flag, variant);
    if (entry !== undefined) entry.metrics.errors++;
  }

  recordLatency(flag: string, variant: string | null, ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    const entry = this.entry(flag, variant);
    if (entry === undefined) return;
    entry.metrics.latency ??= emptyHistogram();
    const i = latencyBucketIndex(ms);
    entry.metrics.latency.counts[i] = (entry.metrics.latency.counts[i] ?? 0) + 1;
    entry.metrics.latency.sumMs += ms;
  }

  /** Everything counted since the last drain, or null when there is nothing; the accumulator resets. */
  drain(): EventsBatch | null {
    if (this.entries.size === 0) return null;
    const metrics = [...this.entries.values()].map((e) => e.metrics);
    this.entries = new Map();
    return { metrics };
  }

  /** Puts back a batch that could not be sent, so it goes with the next flush (within the bounds). */
  restore(batch: EventsBatch): void {
    for (const m of batch.metrics) {
      const entry = this.entry(m.flag, m.variant);
      if (entry === undefined) continue;
      addVariantMetrics(entry.metrics, m);
    }
  }

  private entry(flag: string, variant: string | null): Entry | undefined {
    const id = `${flag}\u0000${variant ?? ''}`;
    let entry = this.entries.get(id);
    if (entry === undefined) {
      if (this.entries.size >= this.maxPairs) {
        this.dropped++;
        return undefined;
      }
      entry = { metrics: { flag, variant, evaluations: 0, exposures: 0, errors: 0 }, seen: new Set() };
      this.entries.set(id, entry);
    }
    return entry;
  }
}
