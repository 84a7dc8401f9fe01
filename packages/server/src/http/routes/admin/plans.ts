import { type PlanResponse, planInputSchema, planResponseSchema, planSchema } from '@switchyard/shared';
import type { FastifyInstance } from 'fastify';
import type { PlanService } from '../../../rollouts/plan-service.js';
import { actorOf } from '../../auth.js';
import { adminRoute, adminWriteRoute } from '../../route-config.js';
import { flagCreateRoute, flagRoute } from './flag-route.js';

/** Guarded progressive rollouts of a boolean flag: start, read, pause, resume, abort. */
export function planRoutes(app: FastifyInstance, plans: PlanService): void {
  const path = '/environments/:env/flags/:key/plan';
  const tag = 'rollouts';

  const start = adminWriteRoute({
    tag,
    summary:
      'Start (or replace) a guarded rollout: ramps through `steps` every `intervalSeconds` while healthy, rolls back when a guard trips',
    body: planInputSchema,
    response: planSchema,
  });
  flagCreateRoute(app, 'PUT', path, start, (env, key, body, actor) => plans.start(env, key, body, actor));

  const read = adminRoute({
    tag,
    summary:
      'The plan (state, current step, the metrics behind the last decision), or `{ "plan": null }` when the flag never had one',
    response: planResponseSchema,
  });
  flagRoute(
    app,
    'GET',
    path,
    read,
    async ({ env, key }): Promise<PlanResponse> => ({ plan: await plans.get(env, key) }),
  );

  for (const action of ['pause', 'resume', 'abort'] as const) {
    const summary = `${action[0]?.toUpperCase()}${action.slice(1)} the rollout plan`;
    flagRoute(
      app,
      'POST',
      `${path}/${action}`,
      adminWriteRoute({ tag, summary, response: planSchema }),
      (call) => plans[action](call.env, call.key, actorOf(call.request)),
    );
  }
}
