import type { FastifyInstance } from 'fastify';
import type { StreamRegistry } from '../delivery/stream-registry.js';

/**
 * The HTTP side of a graceful stop (SIGTERM; see docs/operations.md). While draining, /health/ready
 * answers 503 so load balancers take the instance out, and every other route is served as before.
 */
export interface GracefulShutdown {
  readonly draining: boolean;
  startDraining(): void;
  /**
   * Ends every stream, then waits until no request is in flight or `deadline` (epoch ms) passes.
   * Resolves true when nothing was left in flight.
   */
  closeStreamsAndSettle(deadline: number): Promise<boolean>;
}

export function registerGracefulShutdown(
  app: FastifyInstance,
  streams: Pick<StreamRegistry, 'closeAll'>,
): GracefulShutdown {
  // Responses not yet closed: a request counts as in flight until its response is finished or aborted
  // (a response emits 'close' exactly once, either way). One listener function for every response.
  let inFlight = 0;
  const closed = () => {
    inFlight--;
  };
  app.addHook('onRequest', (_request, reply, done) => {
    inFlight++;
    reply.raw.on('close', closed);
    done();
  });

  let draining = false;
  return {
    get draining() {
      return draining;
    },
    startDraining() {
      draining = true;
    },
    async closeStreamsAndSettle(deadline) {
      const ended = streams.closeAll();
      app.log.info({ streams: ended, inFlight }, 'ended streams; finishing requests in flight');
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return inFlight === 0;
    },
  };
}
