import type { IncomingMessage, OutgoingHttpHeader, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * A content security policy that allows only this origin's scripts, no framing, nosniff and no
 * referrer: helmet's headers with these options.
 */
const OPTIONS: Readonly<HelmetOptions> = {
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
};

/**
 * The headers helmet sets with {@link OPTIONS}, found once by running its middleware on a response that
 * records them: none of them depends on the request (no nonces, no per-request directives).
 */
export function securityHeaders(): ReadonlyArray<readonly [string, OutgoingHttpHeader]> {
  const headers = new Map<string, OutgoingHttpHeader>();
  const recorder = {
    setHeader(name: string, value: OutgoingHttpHeader) {
      headers.set(name.toLowerCase(), value);
    },
    removeHeader(name: string) {
      headers.delete(name.toLowerCase());
    },
  };
  helmet(OPTIONS)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
  });
  return [...headers];
}

/**
 * Security headers on every response (console, admin API, SDK routes, docs), set on the raw response
 * as helmet would (so hijacked streams carry them too), from a list computed once at start-up.
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  const headers = securityHeaders();
  app.addHook('onRequest', (_request, reply, done) => {
    const res = reply.raw;
    for (const [name, value] of headers) res.setHeader(name, value);
    done();
  });
}
