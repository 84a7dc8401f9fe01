import { type EventsBatch, KEY_PATTERN, MetricsAccumulator } from '@switchyard/shared';

export interface MetricsReporterOptions {
  /** Sends one batch; resolves to true when the batch should be retried with the next flush. */
  send(batch: EventsBatch, keepalive: boolean): Promise<boolean>;
  /** How often to flush while started, in milliseconds. */
  flushIntervalMs: number;
  /** Distinct flag/variant pairs held between flushes; beyond it records are dropped. */
  maxPairs: number;
}

/** Evaluation counts, errors and latencies, accumulated in bounded memory and flushed in the background. */
export interface MetricsReporter {
  recordEvaluation(flag: string, variant: string | null, userId: string | undefined): void;
  recordError(flag: string, variant: string | null): void;
  recordLatency(flag: string, variant: string | null, ms: number): void;
  /** Sends what was counted; `keepalive` lets the request outlive a closing page. */
  flush(keepalive?: boolean): Promise<void>;
  start(): void;
  stop(): void;
}

export function createMetricsReporter(options: MetricsReporterOptions): MetricsReporter {
  const accumulator = new MetricsAccumulator({ maxPairs: options.maxPairs, maxExposuresPerPair: 1000 });
  let timer: ReturnType<typeof setInterval> | undefined;
  let sending: Promise<void> = Promise.resolve();
  // The server rejects a whole batch over one bad key, and the batch would then be lost.
  const valid = (flag: string) => KEY_PATTERN.test(flag);

  function flush(keepalive = false): Promise<void> {
    // One request at a time: a batch restored after a failure goes out with the next one.
    sending = sending.then(async () => {
      const batch = accumulator.drain();
      if (batch !== null && (await options.send(batch, keepalive))) accumulator.restore(batch);
    });
    return sending;
  }

  return {
    recordEvaluation(flag, variant, userId) {
      if (valid(flag)) accumulator.recordEvaluation(flag, variant, userId);
    },
    recordError(flag, variant) {
      if (valid(flag)) accumulator.recordError(flag, variant);
    },
    recordLatency(flag, variant, ms) {
      if (valid(flag)) accumulator.recordLatency(flag, variant, ms);
    },
    flush,
    start() {
      timer ??= setInterval(() => void flush(), options.flushIntervalMs);
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
  };
}
