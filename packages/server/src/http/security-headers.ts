import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Security headers on every response (console, admin API, SDK routes, docs): a content security
 * policy that allows only this origin's scripts, no framing, nosniff and no referrer.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // The API docs page has one inline <style>; inline styles cannot run code.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Both put the page in a browsing-context group (a renderer process) of its own: no gain for a
    // console that opens no other windows, and seconds of page load on a busy machine.
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    // TLS is terminated in front of the server; whoever terminates it decides on HSTS.
    strictTransportSecurity: false,
  });
}
