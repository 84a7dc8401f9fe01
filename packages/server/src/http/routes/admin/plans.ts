import { type PlanResponse, planInputSchema, planResponseSchema, planSchema } from '@switchyard/shared';
import type { FastifyInstance } from 'fastify';
import type { PlanService } from '../../../rollouts/plan-service.js';
import { actorOf, flagInReach } from '../../auth.js';
import { adminRoute, adminWriteRoute } from '../../route-config.js';

/** Guarded progressive rollouts of a boolean flag: start, read, pause, resume, abort. */
export function planRoutes(app: FastifyInstance, plans: PlanService): void {
  const path = '/environments/:env/flags/:key/plan';

  app.put(
    path,
    {
      config: adminWriteRoute({
        tag: 'rollouts',
        summary:
          'Start (or replace) a guarded rollout: ramps through `steps` every `intervalSeconds` while healthy, rolls back when a guard trips',
        body: planInputSchema,
        response: planSchema,
      }),
    },
    async (request, reply) => {
      const { env, key } = flagInReach(request);
      return reply.status(201).send(await plans.start(env, key, request.body, actorOf(request)));
    },
  );

  app.get(
    path,
    {
      config: adminRoute({
        tag: 'rollouts',
        summary:
          'The plan (state, current step, the metrics behind the last decision), or `{ "plan": null }` when the flag never had one',
        response: planResponseSchema,
      }),
    },
    async (request): Promise<PlanResponse> => {
      const { env, key } = flagInReach(request);
      return { plan: await plans.get(env, key) };
    },
  );

  for (const action of ['pause', 'resume', 'abort'] as const) {
    app.post(
      `${path}/${action}`,
      {
        config: adminWriteRoute({
          tag: 'rollouts',
          summary: `${action[0]?.toUpperCase()}${action.slice(1)} the rollout plan`,
          response: planSchema,
        }),
      },
      async (request) => {
        const { env, key } = flagInReach(request);
        return plans[action](env, key, actorOf(request));
      },
    );
  }
}
