import { triggerFiredSchema } from '@switchyard/shared';
import type { FastifyInstance } from 'fastify';
import { TRIGGER_PATH, type TriggerService } from '../../../services/triggers.js';

/**
 * The URL alerting systems call. The token in the path is the only credential. Any body is
 * accepted, whatever its content type (Alertmanager and Grafana send JSON; a generic caller may
 * send nothing or plain text), and read by services/alert-notification.ts. Registered in its own
 * scope so its permissive body parsing applies to this route alone.
 */
export async function triggerHookRoutes(app: FastifyInstance, triggers: TriggerService): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.post(
    `${TRIGGER_PATH}/:token`,
    {
      config: {
        doc: {
          tag: 'triggers',
          summary:
            'Fire an alert trigger (no API key: the token is the secret). Acts only on firing alerts (Alertmanager, Grafana) or any other body; 202 with whether it changed anything',
          response: triggerFiredSchema,
        },
      },
    },
    async (request, reply) => {
      const { token } = request.params as { token: string };
      const body = typeof request.body === 'string' ? request.body : undefined;
      return reply.status(202).send(await triggers.fire(token, body));
    },
  );
}
