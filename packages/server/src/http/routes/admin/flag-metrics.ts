import type { FlagMetricsResponse } from '@switchyard/shared';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseOrThrow } from '../../../errors.js';
import { readMetricsOf } from '../../../metrics/metrics-sources.js';
import { totalsByVariant } from '../../../metrics/variant-totals.js';
import { flagInReach } from '../../auth.js';
import type { DeliveryContext } from '../../context.js';
import { adminRoute } from '../../route-config.js';

export const flagMetricsQuerySchema = z.strictObject({
  minutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
});

/** Per-minute evaluations, errors and latencies per variant of one flag, as SDKs reported them. */
export function flagMetricsRoutes(app: FastifyInstance, { store, ingest, now }: DeliveryContext): void {
  app.get(
    '/environments/:env/flags/:key/metrics',
    {
      config: adminRoute({
        tag: 'flags',
        summary:
          'SDK-reported evaluations, exposures, errors and latencies per variant, per minute (server and client keys together)',
        query: flagMetricsQuerySchema,
      }),
    },
    async (request): Promise<FlagMetricsResponse> => {
      const { env, key } = flagInReach(request);
      const { minutes } = parseOrThrow(flagMetricsQuerySchema, request.query, 'query');
      await ingest.flush();
      const to = Math.floor(now() / 60_000);
      const from = to - minutes + 1;
      const series = await readMetricsOf(store, env, key, from, to, ['server', 'client']);
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
