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

/** The server's open connections (net.Server counts them as sockets open and close). */
const openConnections = (server: Server) =>
  new Promise<number>((resolve, reject) =>
    server.getConnections((err, count) => (err ? reject(err) : resolve(count))),
  );

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
    // A request is in flight while its connection is open and not idle: Node knows which connections
    // are between requests and closes them on request, so no request pays for being counted.
    async closeStreamsAndSettle(deadline) {
      const ended = streams.closeAll();
      app.server.closeIdleConnections();
      let inFlight = await openConnections(app.server);
      app.log.info({ streams: ended, inFlight }, 'ended streams; finishing requests in flight');
      while (inFlight > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
        // A connection whose response just finished is idle now: close it, and count what is left.
        app.server.closeIdleConnections();
        inFlight = await openConnections(app.server);
      }
      return inFlight === 0;
    },
  };
}
