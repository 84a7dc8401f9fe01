import type { Server } from 'node:http';
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

/**
 * Closes the server's idle keep-alive connections and counts what is left: connections with a request
 * in flight (Node knows which connections are between requests).
 */
const closeIdleAndCount = (server: Server) => {
  server.closeIdleConnections();
  return new Promise<number>((resolve, reject) =>
    server.getConnections((err, count) => (err ? reject(err) : resolve(count))),
  );
};

export function registerGracefulShutdown(
  app: FastifyInstance,
  streams: Pick<StreamRegistry, 'closeAll'>,
): GracefulShutdown {
  let draining = false;
  return {
    get draining() {
      return draining;
    },
    startDraining() {
      draining = true;
    },
    // In flight is counted from the server's connections, so no request pays for being counted.
    async closeStreamsAndSettle(deadline) {
      const ended = streams.closeAll();
      let inFlight = await closeIdleAndCount(app.server);
      app.log.info({ streams: ended, inFlight }, 'ended streams; finishing requests in flight');
      while (inFlight > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
        // A connection whose response has finished since is idle now.
        inFlight = await closeIdleAndCount(app.server);
      }
      return inFlight === 0;
    },
  };
}
