import {
  createdWebhookSchema,
  webhookDeliveryListSchema,
  webhookInputSchema,
  webhookListSchema,
} from '@switchyard/shared';
import type { FastifyInstance } from 'fastify';
import type { WebhookService } from '../../../services/webhooks/webhook-service.js';
import { assertGlobalAdmin } from '../../auth.js';
import { adminRoute } from '../../route-config.js';

/** Outbound webhooks: create (the signing secret is in that answer only), list, delete, deliveries. */
export function webhookRoutes(app: FastifyInstance, webhooks: WebhookService): void {
  app.post(
    '/webhooks',
    {
      config: adminRoute({
        tag: 'webhooks',
        summary:
          'Create an outbound webhook for flag changes, plan transitions and fired triggers; the signing secret is in this response only',
        body: webhookInputSchema,
        response: createdWebhookSchema,
      }),
    },
    async (request, reply) => {
      assertGlobalAdmin(request);
      return reply.status(201).send(await webhooks.create(request.body));
    },
  );

  app.get(
    '/webhooks',
    {
      config: adminRoute({
        tag: 'webhooks',
        summary: 'List webhooks (never their secrets)',
        response: webhookListSchema,
      }),
    },
    async (request) => {
      assertGlobalAdmin(request);
      return { webhooks: await webhooks.list() };
    },
  );

  app.delete(
    '/webhooks/:id',
    {
      config: adminRoute({
        tag: 'webhooks',
        summary: 'Delete a webhook and its deliveries; nothing more is sent',
      }),
    },
    async (request, reply) => {
      assertGlobalAdmin(request);
      await webhooks.remove((request.params as { id: string }).id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/webhooks/:id/deliveries',
    {
      config: adminRoute({
        tag: 'webhooks',
        summary:
          "The webhook's last deliveries, newest first: status, attempts, last response code, next attempt",
        response: webhookDeliveryListSchema,
      }),
    },
    async (request) => {
      assertGlobalAdmin(request);
      return { deliveries: await webhooks.deliveries((request.params as { id: string }).id) };
    },
  );
}
