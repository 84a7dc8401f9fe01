import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import type { GracefulShutdown } from '../../graceful-shutdown.js';
import type { ServerMetrics } from '../../metrics.js';

/** Liveness, readiness (a real store check) and Prometheus metrics; all public. */
export function operationsRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  metrics: ServerMetrics,
  shutdown: Pick<GracefulShutdown, 'draining'>,
): void {
  app.get('/health/live', async () => ({ status: 'ok' }));

  app.get('/health/ready', async (_request, reply) => {
    // Not ready from the first moment of a shutdown, while everything else is still served.
    if (shutdown.draining) return reply.status(503).send({ status: 'not ready', reason: 'shutting down' });
    try {
      await ctx.store.checkReady();
      return { status: 'ready' };
    } catch (err) {
      return reply.status(503).send({ status: 'not ready', reason: (err as Error).message });
    }
  });

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
