import type { IncomingMessage, OutgoingHttpHeader, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { isSdkRoute } from './sdk-cors.js';

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
 * {@link securityHeaders} as one record: on pages (console, docs), the admin API, health and errors.
 */
export const SECURITY_HEADERS: Readonly<Record<string, OutgoingHttpHeader>> = Object.freeze(
  Object.fromEntries(securityHeaders()),
);

/**
 * The headers of SDK and OFREP responses (JSON and event streams, read by SDKs and never shown as a
 * page): a policy that allows nothing and no framing, nosniff and no referrer, the set OWASP gives for
 * JSON APIs. The headers only a page reads (X-Frame-Options, DNS prefetch, download options,
 * cross-domain policies, XSS auditor, resource policy) are left out: they cost every SDK request and
 * protect nothing there (docs/security.md).
 */
export const SDK_SECURITY_HEADERS: Readonly<Record<string, OutgoingHttpHeader>> = Object.freeze({
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
});

/** The headers of an SDK stream, which its route writes itself: {@link SDK_SECURITY_HEADERS} and `extra`. */
export const withSdkSecurityHeaders = (extra: OutgoingHttpHeaders = {}): OutgoingHttpHeaders => ({
  ...SDK_SECURITY_HEADERS,
  ...extra,
});

/**
 * Security headers on every response from records computed once at start-up: {@link SDK_SECURITY_HEADERS}
 * on SDK and OFREP routes, {@link SECURITY_HEADERS} on every other. They go with the reply's other
 * headers, so Node writes them all in one pass; a route that takes over its response (a stream) writes
 * them itself (see {@link withSdkSecurityHeaders}).
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  const pages = Object.entries(SECURITY_HEADERS);
  const sdk = Object.entries(SDK_SECURITY_HEADERS);
  app.addHook('onRequest', (request, reply, done) => {
    const headers = isSdkRoute(request.url) ? sdk : pages;
    // One call per header (reply.headers would list the record's keys again on every request).
    for (let i = 0; i < headers.length; i++) {
      const [name, value] = headers[i] as [string, OutgoingHttpHeader];
      reply.header(name, value);
    }
    done();
  });
}
