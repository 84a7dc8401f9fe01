import { createdTriggerSchema, triggerInputSchema, triggerListSchema } from '@switchyard/shared';
import type { FastifyInstance } from 'fastify';
import type { TriggerService } from '../../../services/triggers.js';
import { actorOf, flagInReach } from '../../auth.js';
import { adminRoute } from '../../route-config.js';

/** Alert triggers of a flag: create (the URL is in that answer only), list, delete. */
export function triggerRoutes(app: FastifyInstance, triggers: TriggerService): void {
  const path = '/environments/:env/flags/:key/triggers';

  app.post(
    path,
    {
      config: adminRoute({
        tag: 'triggers',
        summary:
          'Create an alert trigger: a secret URL that disables the flag, ramps it, or pauses its plan when an alert fires; the URL is in this response only',
        body: triggerInputSchema,
        response: createdTriggerSchema,
      }),
    },
    async (request, reply) => {
      const { env, key } = flagInReach(request);
      return reply.status(201).send(await triggers.create(env, key, request.body, actorOf(request)));
    },
  );

  app.get(
    path,
    {
      config: adminRoute({
        tag: 'triggers',
        summary: "The flag's alert triggers (never their URLs)",
        response: triggerListSchema,
      }),
    },
    async (request) => {
      const { env, key } = flagInReach(request);
      return { triggers: await triggers.list(env, key) };
    },
  );

  app.delete(
    `${path}/:id`,
    {
      config: adminRoute({
        tag: 'triggers',
        summary: 'Delete an alert trigger; its URL stops working at once',
      }),
    },
    async (request, reply) => {
      const { env, key } = flagInReach(request);
      const { id } = request.params as { id: string };
      await triggers.remove(env, key, id, actorOf(request));
      return reply.status(204).send();
    },
  );
}
