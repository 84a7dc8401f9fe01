import type { ContextOrUserId } from '@switchyard/shared';
import { Counter, register as defaultRegistry, Histogram, type Registry } from 'prom-client';

/** What the helper needs of a client: any Switchyard client has it. */
export interface VariantSource {
  variantOf(key: string, context: ContextOrUserId): string | null;
}

export interface FlagHttpMetricsOptions {
  /** The Switchyard client whose flag decides the variant label. */
  client: VariantSource;
  /** The flag whose variant labels each request (the flag a guarded rollout ramps). */
  flag: string;
  /** Where the metrics are registered (default: prom-client's global registry). */
  registry?: Registry;
  /** Histogram buckets in seconds (default: prom-client's). */
  buckets?: number[];
}

export interface FlagHttpMetrics {
  /**
   * Records one handled request for `context`: `http_requests_total{code, flag_variant}` +1 and
   * `http_request_duration_seconds{flag_variant}` observes `seconds`.
   */
  observe(context: ContextOrUserId, statusCode: number, seconds: number): void;
}

/**
 * The metrics a Prometheus guard reads: request counts by status code and latencies, each labelled
 * with the variant of `flag` the request's user is served (`none` when the flag is missing). The
 * playbook's queries (docs in the README) work on these names as they are.
 */
export function createFlagHttpMetrics(options: FlagHttpMetricsOptions): FlagHttpMetrics {
  const registers = [options.registry ?? defaultRegistry];
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by status code and the variant of the guarded flag',
    labelNames: ['code', 'flag_variant'],
    registers,
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by the variant of the guarded flag',
    labelNames: ['flag_variant'],
    registers,
    ...(options.buckets ? { buckets: options.buckets } : {}),
  });
  return {
    observe(context, statusCode, seconds) {
      const variant = options.client.variantOf(options.flag, context) ?? 'none';
      requests.inc({ code: String(statusCode), flag_variant: variant });
      duration.observe({ flag_variant: variant }, seconds);
    },
  };
}
