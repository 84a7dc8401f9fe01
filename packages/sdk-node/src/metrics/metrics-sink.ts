import type { FlagType } from '@switchyard/shared';
import { EvaluationCounter } from './evaluation-counter.js';
import { createEventsSender, type EventsSenderOptions } from './events-sender.js';

/** Flag/variant pairs and distinct flags kept between metric flushes. */
export const MAX_METRIC_PAIRS = 10_000;

/** Where the counts go: the server's events endpoint, or nowhere (`sendEvents: false`, test clients). */
export type MetricsDestination = Omit<EventsSenderOptions, 'counter' | 'maxPairs'> | null;

/**
 * What a client counts and reports: evaluations per variant (the counter the evaluator increments)
 * and the errors and latencies the application records, sent in the background when there is a
 * destination.
 */
export interface MetricsSink {
  readonly counter: EvaluationCounter;
  recordError(flag: string, variant: string | null): void;
  recordLatency(flag: string, variant: string | null, ms: number): void;
  /** Stops the timer and sends what is left (at once when nothing is sent). */
  close(): Promise<void>;
}

export function createMetricsSink(
  typeOf: (key: string) => FlagType | null,
  destination: MetricsDestination,
): MetricsSink {
  // Exposures are distinct user ids: remembered only when they will be reported.
  const counter = new EvaluationCounter(typeOf, {
    maxFlags: MAX_METRIC_PAIRS,
    maxExposuresPerVariant: destination === null ? 0 : 10_000,
  });
  const events =
    destination === null ? null : createEventsSender({ ...destination, counter, maxPairs: MAX_METRIC_PAIRS });
  return {
    counter,
    recordError: (flag, variant) => events?.recordError(flag, variant),
    recordLatency: (flag, variant, ms) => events?.recordLatency(flag, variant, ms),
    close: async () => events?.close(),
  };
}
