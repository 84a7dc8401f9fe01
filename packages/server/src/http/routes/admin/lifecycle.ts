import {
  keySchema,
  type Schedule,
  type ScheduleList,
  type StaleFlagList,
  scheduleInputSchema,
  scheduleSchema,
} from '@switchyard/shared';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseOrThrow } from '../../../errors.js';
import type { ScheduleService } from '../../../lifecycle/schedule-service.js';
import { type StaleThresholds, staleFlags } from '../../../lifecycle/stale-report.js';
import { requireEnvironment } from '../../../services/environments.js';
import { actorOf, assertEnvironmentAccess, keyOf } from '../../auth.js';
import type { AppContext } from '../../context.js';
import { adminRoute } from '../../route-config.js';
import { flagCreateRoute, flagRoute } from './flag-route.js';

const scheduleParams = z.object({ env: keySchema, key: keySchema, id: z.string().min(1).max(128) });
export const staleQuerySchema = z.strictObject({ environment: keySchema.optional() });

export interface LifecycleDeps {
  schedules: ScheduleService;
  thresholds: StaleThresholds;
  now: () => number;
}

/** Scheduled changes of a flag, and the stale-flag report. */
export function lifecycleRoutes(app: FastifyInstance, { store }: AppContext, deps: LifecycleDeps): void {
  const path = '/environments/:env/flags/:key/schedules';

  const create = adminRoute({
    tag: 'lifecycle',
    summary:
      'Schedule a change (rollout to a percentage, enable, disable) at an ISO-8601 time; one instance applies it within a second of that time',
    body: scheduleInputSchema,
    response: scheduleSchema,
  });
  flagCreateRoute(app, 'POST', path, create, (env, key, body, actor) =>
    deps.schedules.create(env, key, body, actor),
  );

  const list = adminRoute({
    tag: 'lifecycle',
    summary: "A flag's scheduled changes, pending and finished, by time",
  });
  flagRoute(
    app,
    'GET',
    path,
    list,
    async ({ env, key }): Promise<ScheduleList> => ({ schedules: await deps.schedules.list(env, key) }),
  );

  app.delete(
    `${path}/:id`,
    {
      config: adminRoute({
        tag: 'lifecycle',
        summary: 'Cancel a pending scheduled change (409 once it has run)',
        response: scheduleSchema,
      }),
    },
    async (request): Promise<Schedule> => {
      const { env, key, id } = parseOrThrow(scheduleParams, request.params, 'path');
      assertEnvironmentAccess(request, env);
      return deps.schedules.cancel(env, key, id, actorOf(request));
    },
  );

  app.get(
    '/stale-flags',
    {
      config: adminRoute({
        tag: 'lifecycle',
        summary:
          'Temporary flags that should leave the code: launched (one variant for everyone) or inactive (not evaluated)',
        query: staleQuerySchema,
      }),
    },
    async (request): Promise<StaleFlagList> => {
      const query = parseOrThrow(staleQuerySchema, request.query, 'query');
      // An environment-scoped admin key sees only its own environment.
      const environment = query.environment ?? keyOf(request).environment ?? undefined;
      if (environment !== undefined) {
        assertEnvironmentAccess(request, environment);
        await requireEnvironment(store, environment);
      }
      const environments =
        environment !== undefined ? [environment] : (await store.listEnvironments()).map((e) => e.key);
      return { flags: await staleFlags(store, environments, deps.thresholds, deps.now()) };
    },
  );
}
