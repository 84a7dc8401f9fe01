import type { FastifyInstance } from 'fastify';
import type { EpochGuard } from '../../../delivery/epoch-guard.js';
import type { AppContext } from '../../context.js';
import type { GracefulShutdown } from '../../graceful-shutdown.js';
import type { ServerMetrics } from '../../metrics.js';

/** Liveness, readiness (a real store check) and Prometheus metrics; all public. */
export function operationsRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  metrics: ServerMetrics,
  shutdown: Pick<GracefulShutdown, 'draining'>,
  epoch: Pick<EpochGuard, 'lost'>,
): void {
  app.get('/health/live', async () => ({ status: 'ok' }));

  // The body names the dependency that is down; its cause (a path, an address) goes to the log only.
  const dependency = ctx.config.redisUrl === undefined ? 'file store' : 'redis';
  app.get('/health/ready', async (request, reply) => {
    // Not ready from the first moment of a shutdown, while everything else is still served.
    if (shutdown.draining) return reply.status(503).send({ status: 'not ready', reason: 'shutting down' });
    try {
      await ctx.store.checkReady();
      // Reachable but not trusted: it came back without what this instance serves.
      const lost = epoch.lost;
      if (lost !== null)
        return reply
          .status(503)
          .send({ status: 'not ready', dependency, reason: lost.reason, since: lost.since });
      return { status: 'ready' };
    } catch (err) {
      request.log.warn({ err }, 'not ready');
      return reply
        .status(503)
        .send({ status: 'not ready', dependency, reason: `the ${dependency} is unavailable` });
    }
  });

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
