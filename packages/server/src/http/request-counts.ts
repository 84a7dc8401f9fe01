import type { Metric, Registry } from 'prom-client';

/** Upper bounds, in seconds, of the request latency histogram's buckets. */
export const LATENCY_BUCKETS_SECONDS: readonly number[] = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
];

/** One route and method: responses by status, and the latency histogram. */
class Series {
  readonly statuses = new Map<number, { count: number }>();
  /** Responses per bucket (not cumulative); the last one is above every bound. */
  readonly buckets = new Array<number>(LATENCY_BUCKETS_SECONDS.length + 1).fill(0);
  count = 0;
  sum = 0;

  constructor(
    readonly route: string,
    readonly method: string,
  ) {}

  record(status: number, seconds: number): void {
    let counted = this.statuses.get(status);
    if (counted === undefined) {
      counted = { count: 0 };
      this.statuses.set(status, counted);
    }
    counted.count++;
    let bucket = 0;
    while (bucket < LATENCY_BUCKETS_SECONDS.length && seconds > (LATENCY_BUCKETS_SECONDS[bucket] as number))
      bucket++;
    (this.buckets[bucket] as number)++;
    this.count++;
    this.sum += seconds;
  }
}

interface Value {
  labels: Record<string, string | number>;
  sharedLabels?: Record<string, string>;
  value: number;
  metricName?: string;
  /** prom-client's histogram buckets carry `exemplar: null` (exemplars are off). */
  exemplar?: null;
}

/**
 * A metric in prom-client's registry whose values come from `values` when it is scraped, in the shape
 * and text prom-client's own counters and histograms give.
 */
function scrapedMetric(
  registry: Registry,
  name: string,
  help: string,
  type: 'counter' | 'histogram',
  values: (split: boolean) => Value[],
  reset: () => void,
): void {
  const splay = ({ sharedLabels, labels, ...v }: Value): Value => ({
    ...v,
    labels: { ...labels, ...sharedLabels },
  });
  const metric = {
    name,
    help,
    type,
    aggregator: 'sum',
    // The text format puts `le` before the series' labels, as prom-client does.
    getForPromString: async () => ({
      name: metric.name,
      help,
      type,
      values: values(true),
      aggregator: 'sum',
    }),
    get: async () => ({ name: metric.name, help, type, values: values(true).map(splay), aggregator: 'sum' }),
    reset,
  };
  registry.registerMetric(metric as unknown as Metric);
}

/**
 * `switchyard_http_requests_total` (route, method, status) and `switchyard_http_request_duration_seconds`
 * (route, method), counted in plain numbers per route and method and turned into metric values only
 * when scraped: prom-client would hash label objects and look buckets up by their decimal text on
 * every request.
 */
export function createRequestCounts(registry: Registry) {
  let series: Series[] = [];
  const byRoute = new Map<string, Series[]>();
  const reset = () => {
    for (const s of series) {
      for (const counted of s.statuses.values()) counted.count = 0;
      s.buckets.fill(0);
      s.count = 0;
      s.sum = 0;
    }
  };
  scrapedMetric(
    registry,
    'switchyard_http_requests_total',
    'HTTP requests by route, method and status',
    'counter',
    () =>
      series.flatMap((s) =>
        [...s.statuses].map(([status, { count }]) => ({
          labels: { route: s.route, method: s.method, status: String(status) },
          value: count,
        })),
      ),
    reset,
  );
  const name = 'switchyard_http_request_duration_seconds';
  scrapedMetric(
    registry,
    name,
    'HTTP request latency by route and method',
    'histogram',
    () =>
      series.flatMap((s): Value[] => {
        const shared = { route: s.route, method: s.method };
        let cumulative = 0;
        const buckets: Value[] = LATENCY_BUCKETS_SECONDS.map((le, i) => {
          cumulative += s.buckets[i] as number;
          return {
            labels: { le },
            sharedLabels: shared,
            value: cumulative,
            metricName: `${name}_bucket`,
            exemplar: null,
          };
        });
        return [
          ...buckets,
          {
            labels: { le: '+Inf' },
            sharedLabels: shared,
            value: s.count,
            metricName: `${name}_bucket`,
            exemplar: null,
          },
          { labels: {}, sharedLabels: shared, value: s.sum, metricName: `${name}_sum` },
          { labels: {}, sharedLabels: shared, value: s.count, metricName: `${name}_count` },
        ];
      }),
    reset,
  );
  return {
    /** The recorder of one route: finds its series by method (a route sees one or two), without hashing. */
    forRoute(route: string): (method: string, status: number, seconds: number) => void {
      let mine = byRoute.get(route);
      if (mine === undefined) {
        mine = [];
        byRoute.set(route, mine);
      }
      const held = mine;
      return (method, status, seconds) => {
        let s = held.find((m) => m.method === method);
        if (s === undefined) {
          s = new Series(route, method);
          held.push(s);
          series = [...series, s];
        }
        s.record(status, seconds);
      };
    },
  };
}
