import { addHistogram, type FlagVariantMetrics } from '@switchyard/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { FlagStore } from '../store/types.js';

/** Flag/variant/minute aggregates held between flushes; beyond this, reports are dropped and counted. */
export const MAX_PENDING_ENTRIES = 50_000;

const minuteOf = (ms: number) => Math.floor(ms / 60_000);

/**
 * Adds up SDK event batches in memory per environment, minute and flag variant, and flushes the sums
 * to the store about once a second. Memory is bounded; a failed flush keeps its sums for the next try.
 */
export class MetricsIngest {
  private pending = new Map<string, { environment: string; minute: number; metrics: FlagVariantMetrics }>();
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  dropped = 0;

  constructor(
    private readonly store: FlagStore,
    private readonly log: FastifyBaseLogger,
    flushIntervalMs = 1000,
    private readonly now: () => number = Date.now,
  ) {
    this.timer = setInterval(() => void this.flush(), flushIntervalMs);
    this.timer.unref();
  }

  /** Adds one batch; returns how many entries were dropped because memory is full. */
  add(environment: string, metrics: FlagVariantMetrics[]): number {
    const minute = minuteOf(this.now());
    let dropped = 0;
    for (const m of metrics) dropped += this.merge(environment, minute, m) ? 0 : 1;
    this.dropped += dropped;
    return dropped;
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
    if (entry === undefined) {
      if (this.pending.size >= MAX_PENDING_ENTRIES) return false;
      const copy: FlagVariantMetrics = {
        ...m,
        latency: m.latency && { counts: [...m.latency.counts], sumMs: m.latency.sumMs },
      };
      this.pending.set(id, { environment, minute, metrics: copy });
      return true;
    }
    const sum = entry.metrics;
    sum.evaluations += m.evaluations;
    sum.exposures += m.exposures;
    sum.errors += m.errors;
    if (m.latency) {
      if (sum.latency) addHistogram(sum.latency, m.latency);
      else sum.latency = { counts: [...m.latency.counts], sumMs: m.latency.sumMs };
    }
    return true;
  }

  private async flushNow(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
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
