import fc from 'fast-check';
import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createRequestCounts, LATENCY_BUCKETS_SECONDS } from '../../src/http/request-counts.js';

/** The metrics as prom-client's own Counter and Histogram kept them before (the reference). */
function promClientReference() {
  const registry = new Registry();
  const requests = new Counter({
    name: 'switchyard_http_requests_total',
    help: 'HTTP requests by route, method and status',
    labelNames: ['route', 'method', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'switchyard_http_request_duration_seconds',
    help: 'HTTP request latency by route and method',
    labelNames: ['route', 'method'],
    buckets: [...LATENCY_BUCKETS_SECONDS],
    registers: [registry],
  });
  return {
    registry,
    record(route: string, method: string, status: number, seconds: number) {
      requests.labels(route, method, String(status)).inc();
      latency.labels(route, method).observe(seconds);
    },
  };
}

const response = fc.record({
  route: fc.constantFrom('/sdk/v1/evaluate', '/api/v1/environments/:env/flags/:key', 'unmatched'),
  method: fc.constantFrom('GET', 'POST', 'HEAD'),
  status: fc.constantFrom(200, 201, 304, 400, 401, 404, 429, 500),
  // Bucket bounds themselves, values between them, and values above the last.
  seconds: fc.oneof(
    fc.constantFrom(...LATENCY_BUCKETS_SECONDS, 0),
    fc.double({ min: 0, max: 5, noNaN: true }),
  ),
});

/** Exposition text as a set of lines (series may come in another order; Prometheus reads them alike). */
const lines = (text: string) => text.split('\n').sort();

describe('request counts', () => {
  it('scrape to the same text and JSON as prom-client counters and histograms fed the same responses', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(response, { maxLength: 60 }), async (responses) => {
        const reference = promClientReference();
        const registry = new Registry();
        const counts = createRequestCounts(registry);
        const recorders = new Map<string, ReturnType<typeof counts.forRoute>>();
        for (const { route, method, status, seconds } of responses) {
          reference.record(route, method, status, seconds);
          let record = recorders.get(route);
          if (record === undefined) {
            record = counts.forRoute(route);
            recorders.set(route, record);
          }
          record(method, status, seconds);
        }
        expect(lines(await registry.metrics())).toEqual(lines(await reference.registry.metrics()));
        const json = async (r: Registry) =>
          (await r.getMetricsAsJSON()).map((m) => ({
            ...m,
            values: [...(m.values as { metricName?: string; labels: object }[])].sort((a, b) =>
              JSON.stringify([a.metricName, a.labels]).localeCompare(
                JSON.stringify([b.metricName, b.labels]),
              ),
            ),
          }));
        expect(await json(registry)).toEqual(await json(reference.registry));
      }),
      { numRuns: 200 },
    );
  });

  it('count a route and method through every recorder of that route, and reset with the registry', async () => {
    const registry = new Registry();
    const counts = createRequestCounts(registry);
    counts.forRoute('/a')('GET', 200, 0.002);
    counts.forRoute('/a')('GET', 200, 0.002);
    expect(await registry.metrics()).toContain(
      'switchyard_http_requests_total{route="/a",method="GET",status="200"} 2',
    );
    expect(await registry.metrics()).toContain(
      'switchyard_http_request_duration_seconds_count{route="/a",method="GET"} 2',
    );
    registry.resetMetrics();
    expect(await registry.metrics()).toContain(
      'switchyard_http_request_duration_seconds_count{route="/a",method="GET"} 0',
    );
  });
});
