import type { FastifyInstance } from 'fastify';

/** SDK and OFREP routes are the only ones browsers may call from other origins; the admin API never. */
export const isSdkRoute = (url: string) => url.startsWith('/sdk/') || url.startsWith('/ofrep/');

/** The `Access-Control-Allow-Origin` value for `origin` under CORS_ORIGINS, or undefined for none. */
export function allowedOrigin(origins: readonly string[], origin: string | undefined): string | undefined {
  if (origin === undefined) return undefined;
  return origins.includes('*') || origins.includes(origin) ? origin : undefined;
}

/** The headers of SDK responses and preflights, the same for every request (the origin aside). */
const EXPOSED_HEADERS = 'retry-after, etag';
const ALLOWED_METHODS = 'GET, POST';
// If-None-Match and X-API-Key for OFREP providers (bulk ETags; the key in its own header).
const ALLOWED_HEADERS = 'authorization, content-type, last-event-id, if-none-match, x-api-key';
const MAX_AGE_SECONDS = '600';

/**
 * CORS (`CORS_ORIGINS`) on the SDK and OFREP routes only, in one synchronous `onRequest` hook whose
 * header values are fixed at start-up. Registered before authentication so that a 401 or 403 carries
 * the CORS headers too: a browser SDK can then tell a bad key from a network failure. Every response
 * varies by `Origin`; SDK responses expose `Retry-After` and `ETag` and reflect an allowed origin; a
 * preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) of an SDK route is answered
 * 204 here, one without those headers 400, and any other `OPTIONS` request 404.
 */
export function registerSdkCors(app: FastifyInstance, origins: readonly string[]): void {
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('vary', 'Origin');
    if (!isSdkRoute(request.url)) return done();
    // Only a cross-origin request carries an Origin; a same-origin or non-browser one needs no CORS headers.
    if (request.headers.origin === undefined && request.method !== 'OPTIONS') return done();
    const origin = allowedOrigin(origins, request.headers.origin);
    if (origin !== undefined) reply.header('access-control-allow-origin', origin);
    reply.header('access-control-expose-headers', EXPOSED_HEADERS);
    if (request.method !== 'OPTIONS') return done();
    if (
      request.headers.origin === undefined ||
      request.headers['access-control-request-method'] === undefined
    ) {
      reply.status(400).type('text/plain').send('Invalid Preflight Request');
      return;
    }
    // Safari waits for a body after a 204 without Content-Length: 0.
    reply
      .header('access-control-allow-methods', ALLOWED_METHODS)
      .header('access-control-allow-headers', ALLOWED_HEADERS)
      .header('access-control-max-age', MAX_AGE_SECONDS)
      .header('content-length', '0')
      .code(204)
      .send();
  });
  // Preflights of SDK routes are answered by the hook above; no other route answers OPTIONS.
  app.options('*', (_request, reply) => reply.callNotFound());
}
