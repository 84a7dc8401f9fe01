import { addVariantMetrics, type Flag, type FlagVariantMetrics } from '@switchyard/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { FlagStore } from '../store/types.js';

/**
 * Flag/variant/minute aggregates one environment may hold between flushes; beyond this, reports are
 * dropped and counted. Only flags and variants that exist are kept, so a real environment stays far
 * below it; the bound is for environments with thousands of flags reported in two minutes at once.
 */
export const MAX_PENDING_PER_ENVIRONMENT = 20_000;

/** Why a reported entry was not kept (the `reason` label of the dropped-metrics counter). */
export type DropReason = 'unknown_flag' | 'unknown_variant' | 'memory_full';

export interface MetricsIngestOptions {
  flushIntervalMs?: number;
  now?: () => number;
  /** Told how many entries of a batch were dropped and why (a Prometheus counter in the app). */
  onDropped?: (reason: DropReason, count: number) => void;
  maxPendingPerEnvironment?: number;
}

export interface IngestResult {
  accepted: number;
  dropped: number;
}

interface Pending {
  environment: string;
  minute: number;
  metrics: FlagVariantMetrics;
}

const minuteOf = (ms: number) => Math.floor(ms / 60_000);

/**
 * Adds up SDK event batches in memory per environment, minute and flag variant, and flushes the sums
 * to the store about once a second. Reports are untrusted (client keys are public): entries for flags
 * or variants the environment does not have are dropped, memory is bounded per environment, each entry
 * costs one map lookup, and sums saturate. A failed flush keeps its sums for the next try.
 */
export class MetricsIngest {
  private pending = new Map<string, Pending>();
  /** Pending entries per environment, for the bound. */
  private sizes = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  private readonly now: () => number;
  private readonly maxPending: number;
  private readonly onDropped: (reason: DropReason, count: number) => void;

  constructor(
    private readonly store: FlagStore,
    private readonly log: FastifyBaseLogger,
    options: MetricsIngestOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.maxPending = options.maxPendingPerEnvironment ?? MAX_PENDING_PER_ENVIRONMENT;
    this.onDropped = options.onDropped ?? (() => undefined);
    this.timer = setInterval(() => void this.flush(), options.flushIntervalMs ?? 1000);
    this.timer.unref();
  }

  /** Adds one batch reported for `environment`, whose current flags are `flags`. */
  add(
    environment: string,
    flags: ReadonlyMap<string, Flag>,
    metrics: readonly FlagVariantMetrics[],
  ): IngestResult {
    const minute = minuteOf(this.now());
    const dropped: Record<DropReason, number> = { unknown_flag: 0, unknown_variant: 0, memory_full: 0 };
    for (const m of metrics) {
      const flag = flags.get(m.flag);
      if (flag === undefined) dropped.unknown_flag++;
      else if (m.variant !== null && !Object.hasOwn(flag.variants, m.variant)) dropped.unknown_variant++;
      else if (!this.merge(environment, minute, m)) dropped.memory_full++;
    }
    let total = 0;
    for (const reason of Object.keys(dropped) as DropReason[]) {
      if (dropped[reason] > 0) this.onDropped(reason, dropped[reason]);
      total += dropped[reason];
    }
    return { accepted: metrics.length - total, dropped: total };
  }

  /** Writes everything pending to the store (serialized: one flush at a time). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.flushNow());
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private merge(environment: string, minute: number, m: FlagVariantMetrics): boolean {
    const id = `${environment}\u0000${minute}\u0000${m.flag}\u0000${m.variant ?? ''}`;
    const entry = this.pending.get(id);
    if (entry !== undefined) {
      addVariantMetrics(entry.metrics, m);
      return true;
    }
    const size = this.sizes.get(environment) ?? 0;
    if (size >= this.maxPending) return false;
    const sum: FlagVariantMetrics = {
      flag: m.flag,
      variant: m.variant,
      evaluations: 0,
      exposures: 0,
      errors: 0,
    };
    addVariantMetrics(sum, m);
    this.pending.set(id, { environment, minute, metrics: sum });
    this.sizes.set(environment, size + 1);
    return true;
  }

  private async flushNow(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    this.sizes = new Map();
    const groups = new Map<string, { environment: string; minute: number; metrics: FlagVariantMetrics[] }>();
    for (const { environment, minute, metrics } of batch.values()) {
      const id = `${environment}\u0000${minute}`;
      let group = groups.get(id);
      if (group === undefined) {
        group = { environment, minute, metrics: [] };
        groups.set(id, group);
      }
      group.metrics.push(metrics);
    }
    for (const group of groups.values()) {
      try {
        await this.store.addMetrics(group.environment, group.minute, group.metrics);
      } catch (err) {
        this.log.warn({ err }, 'could not write SDK metrics; keeping them for the next flush');
        for (const m of group.metrics) this.merge(group.environment, group.minute, m);
      }
    }
  }
}
