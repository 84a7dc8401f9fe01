import type { FastifyInstance, FastifyReply, FastifyRequest, onResponseHookHandler } from 'fastify';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { createRequestCounts } from './request-counts.js';

/** The server's Prometheus metrics, one registry per app (no process-wide singleton). */
export interface ServerMetrics {
  readonly registry: Registry;
  readonly flagChanges: Counter<'environment' | 'kind'>;
  readonly storeLatency: Histogram<'operation'>;
  readonly streamConnections: Gauge<'stream'>;
  readonly droppedSdkMetrics: Counter<'reason'>;
  readonly flagsFileProblems: Counter<'kind'>;
  readonly storeForgot: Counter<'kind'>;
}

export function createServerMetrics(): ServerMetrics {
  const registry = new Registry();
  return {
    registry,
    flagChanges: new Counter({
      name: 'switchyard_changes_total',
      help: 'Flag and segment changes applied, by environment and kind',
      labelNames: ['environment', 'kind'],
      registers: [registry],
    }),
    storeLatency: new Histogram({
      name: 'switchyard_store_duration_seconds',
      help: 'Latency of store operations',
      labelNames: ['operation'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    streamConnections: new Gauge({
      name: 'switchyard_stream_connections',
      help: 'Open SSE connections, by stream',
      labelNames: ['stream'],
      registers: [registry],
    }),
    droppedSdkMetrics: new Counter({
      name: 'switchyard_sdk_metrics_dropped_total',
      help: 'Entries of SDK event batches not kept: unknown_flag, unknown_variant, memory_full',
      labelNames: ['reason'],
      registers: [registry],
    }),
    flagsFileProblems: new Counter({
      name: 'switchyard_flags_file_problems_total',
      help: 'Flags file (FLAGS_FILE) problems: invalid (a content that does not parse; the last good one stays), rejected (a change the server refused)',
      labelNames: ['kind'],
      registers: [registry],
    }),
    storeForgot: new Counter({
      name: 'switchyard_store_forgot_total',
      help: 'Times the store came back without what this instance served: empty, epoch_changed, revision_back',
      labelNames: ['kind'],
      registers: [registry],
    }),
  };
}

/** Request counts by route and status and latency histograms by route, recorded on every response. */
export function registerRequestMetrics(app: FastifyInstance, metrics: ServerMetrics): void {
  const counts = createRequestCounts(metrics.registry);
  const recorder = (route: string) => {
    const record = counts.forRoute(route);
    return (request: FastifyRequest, reply: FastifyReply) =>
      record(request.method, reply.statusCode, reply.elapsedTime / 1000);
  };
  // Each route records under its pattern (never the raw URL, so label values stay few and hold no ids
  // or keys) from a hook of its own, which finds its labels without asking Fastify for the route.
  app.addHook('onRoute', (route) => {
    const record = recorder(route.url);
    const hook: onResponseHookHandler = (request, reply, done) => {
      record(request, reply);
      done();
    };
    route.onResponse = route.onResponse === undefined ? hook : [route.onResponse, hook].flat();
  });
  // Requests that matched no route.
  const unmatched = recorder('unmatched');
  app.addHook('onResponse', (request, reply, done) => {
    if (request.is404) unmatched(request, reply);
    done();
  });
}
