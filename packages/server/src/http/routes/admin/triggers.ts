import { createdTriggerSchema, triggerInputSchema, triggerListSchema } from '@switchyard/shared';
import type { FastifyInstance } from 'fastify';
import type { TriggerService } from '../../../services/triggers.js';
import { actorOf } from '../../auth.js';
import { adminRoute } from '../../route-config.js';
import { flagCreateRoute, flagRoute } from './flag-route.js';

/** Alert triggers of a flag: create (the URL is in that answer only), list, delete. */
export function triggerRoutes(app: FastifyInstance, triggers: TriggerService): void {
  const path = '/environments/:env/flags/:key/triggers';
  const tag = 'triggers';

  const create = adminRoute({
    tag,
    summary:
      'Create an alert trigger: a secret URL that disables the flag, ramps it, or pauses its plan when an alert fires; the URL is in this response only',
    body: triggerInputSchema,
    response: createdTriggerSchema,
  });
  flagCreateRoute(app, 'POST', path, create, (env, key, body, actor) =>
    triggers.create(env, key, body, actor),
  );

  const list = adminRoute({
    tag,
    summary: "The flag's alert triggers (never their URLs)",
    response: triggerListSchema,
  });
  flagRoute(app, 'GET', path, list, async ({ env, key }) => ({ triggers: await triggers.list(env, key) }));

  const remove = adminRoute({ tag, summary: 'Delete an alert trigger; its URL stops working at once' });
  flagRoute(app, 'DELETE', `${path}/:id`, remove, async ({ env, key, request, reply }) => {
    const { id } = request.params as { id: string };
    await triggers.remove(env, key, id, actorOf(request));
    return reply.status(204).send();
  });
}
