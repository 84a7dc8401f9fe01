import type { IncomingMessage, OutgoingHttpHeader, OutgoingHttpHeaders, ServerResponse } from 'node:http';
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

/** {@link securityHeaders} as one record, for `reply.headers` and for responses a route writes itself. */
export const SECURITY_HEADERS: Readonly<Record<string, OutgoingHttpHeader>> = Object.freeze(
  Object.fromEntries(securityHeaders()),
);

/** The headers of a response that a route writes itself (a stream): {@link SECURITY_HEADERS} and `extra`. */
export const withSecurityHeaders = (extra: OutgoingHttpHeaders = {}): OutgoingHttpHeaders => ({
  ...SECURITY_HEADERS,
  ...extra,
});

/**
 * Security headers on every response (console, admin API, SDK routes, docs) from a record computed once
 * at start-up. They go with the reply's other headers, so Node writes them all in one pass; a route that
 * takes over its response (a stream) writes them with {@link SECURITY_HEADERS} (see {@link withSecurityHeaders}).
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  const names = Object.keys(SECURITY_HEADERS);
  const values = Object.values(SECURITY_HEADERS);
  app.addHook('onRequest', (_request, reply, done) => {
    // One call per header (reply.headers would list the record's keys again on every request).
    for (let i = 0; i < names.length; i++) reply.header(names[i] as string, values[i]);
    done();
  });
}
