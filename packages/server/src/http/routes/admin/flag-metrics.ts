import { addHistogram, emptyHistogram, histogramQuantile } from '@switchyard/shared';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { MinuteMetrics } from '../../../store/types.js';
import { assertEnvironmentAccess } from '../../auth.js';
import type { DeliveryContext } from '../../context.js';
import { parseOrThrow } from '../../errors.js';
import { envKeyParams } from '../../request-parts.js';
import { adminRoute } from '../../route-config.js';

export const flagMetricsQuerySchema = z.strictObject({
  minutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
});

/** Totals per variant over the whole window, with the p95 latency read off the summed histogram. */
export function totalsByVariant(series: MinuteMetrics[]) {
  const totals = new Map<
    string,
    {
      variant: string | null;
      evaluations: number;
      exposures: number;
      errors: number;
      latency: ReturnType<typeof emptyHistogram>;
    }
  >();
  for (const m of series) {
    const id = m.variant ?? '';
    let t = totals.get(id);
    if (t === undefined) {
      t = { variant: m.variant, evaluations: 0, exposures: 0, errors: 0, latency: emptyHistogram() };
      totals.set(id, t);
    }
    t.evaluations += m.evaluations;
    t.exposures += m.exposures;
    t.errors += m.errors;
    if (m.latency) addHistogram(t.latency, m.latency);
  }
  return [...totals.values()].map(({ latency, ...t }) => ({
    ...t,
    errorRate: t.evaluations === 0 ? null : t.errors / t.evaluations,
    p95LatencyMs: histogramQuantile(latency, 0.95),
  }));
}

/** Per-minute evaluations, errors and latencies per variant of one flag, as SDKs reported them. */
export function flagMetricsRoutes(app: FastifyInstance, { store, ingest }: DeliveryContext): void {
  app.get(
    '/environments/:env/flags/:key/metrics',
    {
      config: adminRoute({
        tag: 'flags',
        summary: 'SDK-reported evaluations, exposures, errors and latencies per variant, per minute',
        query: flagMetricsQuerySchema,
      }),
    },
    async (request) => {
      const { env, key } = envKeyParams(request);
      assertEnvironmentAccess(request, env);
      const { minutes } = parseOrThrow(flagMetricsQuerySchema, request.query, 'query');
      await ingest.flush();
      const to = Math.floor(Date.now() / 60_000);
      const from = to - minutes + 1;
      const series = await store.readMetrics(env, key, from, to);
      return {
        flag: key,
        environment: env,
        fromMinute: from,
        toMinute: to,
        series,
        totals: totalsByVariant(series),
      };
    },
  );
}
