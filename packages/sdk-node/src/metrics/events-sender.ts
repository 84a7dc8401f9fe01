import { type EventsBatch, MetricsAccumulator } from '@switchyard/shared';
import type { HttpTransport } from '../delivery/http-transport.js';
import { describeError, SwitchyardError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { EvaluationCounter } from './evaluation-counter.js';

export const EVENTS_PATH = 'sdk/v1/events';

export interface EventsSenderOptions {
  transport: HttpTransport;
  counter: EvaluationCounter;
  logger: Logger;
  flushIntervalMs: number;
  timeoutMs: number;
  /** Flag/variant pairs held while the server cannot be reached; more are dropped. */
  maxPairs: number;
  onError(error: SwitchyardError): void;
}

/**
 * Sends evaluation counts, recorded errors and latencies to `POST /sdk/v1/events` in the background.
 * Memory stays bounded by the shared accumulator's limits; a failed batch is kept for the next flush.
 */
export interface EventsSender {
  recordError(flag: string, variant: string | null): void;
  recordLatency(flag: string, variant: string | null, ms: number): void;
  /** Sends what has been counted so far; one flush at a time. */
  flush(): Promise<void>;
  /** Stops the timer and sends what is left. */
  close(): Promise<void>;
}

export function createEventsSender(options: EventsSenderOptions): EventsSender {
  const { transport, counter, logger } = options;
  const accumulator = new MetricsAccumulator({ maxPairs: options.maxPairs });
  let inFlight: Promise<void> | null = null;
  let refused = false;

  const timer = setInterval(() => void flush(), options.flushIntervalMs);
  timer.unref();

  async function send(batch: EventsBatch): Promise<void> {
    try {
      const response = await transport.request(EVENTS_PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(batch),
        timeoutMs: options.timeoutMs,
      });
      if (response.status >= 200 && response.status < 300) return;
      if (response.status === 401 || response.status === 403) {
        refused = true;
        options.onError(
          new SwitchyardError(
            'EVENTS',
            `the server refused metrics (HTTP ${response.status}); no more are sent`,
            {
              status: response.status,
            },
          ),
        );
        return;
      }
      if (
        response.status >= 400 &&
        response.status < 500 &&
        response.status !== 408 &&
        response.status !== 429
      ) {
        // The same batch would be refused again.
        logger.warn(
          `the server rejected a metrics batch (HTTP ${response.status}): ${response.body.slice(0, 200)}`,
        );
        return;
      }
      throw new SwitchyardError('EVENTS', `metrics answered HTTP ${response.status}`, {
        status: response.status,
      });
    } catch (err) {
      // restore() adds the counts back, within the accumulator's bounds, for the next flush.
      accumulator.restore(batch);
      logger.warn(`metrics not sent, will retry: ${describeError(err)}`);
    }
  }

  function flush(): Promise<void> {
    if (inFlight !== null) return inFlight;
    const evaluations = counter.drain();
    // The counter is the accumulator's fast front for evaluations; restore() merges them in.
    if (evaluations.length > 0) accumulator.restore({ metrics: evaluations });
    const batch = accumulator.drain();
    if (batch === null || refused) return Promise.resolve();
    inFlight = send(batch).finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  return {
    recordError: (flag, variant) => accumulator.recordError(flag, variant),
    recordLatency: (flag, variant, ms) => accumulator.recordLatency(flag, variant, ms),
    flush,
    async close() {
      clearInterval(timer);
      await inFlight;
      await flush();
    },
  };
}
