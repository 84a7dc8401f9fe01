import { planInputSchema, planSchema } from '@switchyard/shared';
import type { FastifyInstance } from 'fastify';
import type { PlanService } from '../../../rollouts/plan-service.js';
import { actorOf, assertEnvironmentAccess } from '../../auth.js';
import { envKeyParams } from '../../request-parts.js';
import { adminRoute } from '../../route-config.js';

/** Guarded progressive rollouts of a boolean flag: start, read, pause, resume, abort. */
export function planRoutes(app: FastifyInstance, plans: PlanService): void {
  const path = '/environments/:env/flags/:key/plan';

  app.put(
    path,
    {
      config: adminRoute({
        tag: 'rollouts',
        summary:
          'Start (or replace) a guarded rollout: ramps through `steps` every `intervalSeconds` while healthy, rolls back when a guard trips',
        body: planInputSchema,
        response: planSchema,
      }),
    },
    async (request, reply) => {
      const { env, key } = envKeyParams(request);
      assertEnvironmentAccess(request, env);
      return reply.status(201).send(await plans.start(env, key, request.body, actorOf(request)));
    },
  );

  app.get(
    path,
    {
      config: adminRoute({
        tag: 'rollouts',
        summary: 'State, current step and the metrics behind the last decision',
        response: planSchema,
      }),
    },
    async (request) => {
      const { env, key } = envKeyParams(request);
      assertEnvironmentAccess(request, env);
      return plans.get(env, key);
    },
  );

  for (const action of ['pause', 'resume', 'abort'] as const) {
    app.post(
      `${path}/${action}`,
      {
        config: adminRoute({
          tag: 'rollouts',
          summary: `${action[0]?.toUpperCase()}${action.slice(1)} the rollout plan`,
          response: planSchema,
        }),
      },
      async (request) => {
        const { env, key } = envKeyParams(request);
        assertEnvironmentAccess(request, env);
        return plans[action](env, key, actorOf(request));
      },
    );
  }
}
