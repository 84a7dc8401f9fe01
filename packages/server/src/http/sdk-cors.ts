import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

/** SDK and OFREP routes are the only ones browsers may call from other origins; the admin API never. */
const isSdkRoute = (url: string) => url.startsWith('/sdk/') || url.startsWith('/ofrep/');

/** The `Access-Control-Allow-Origin` value for `origin` under CORS_ORIGINS, or undefined for none. */
export function allowedOrigin(origins: readonly string[], origin: string | undefined): string | undefined {
  if (origin === undefined) return undefined;
  return origins.includes('*') || origins.includes(origin) ? origin : undefined;
}

/**
 * CORS (`CORS_ORIGINS`) on the SDK and OFREP routes only. Registered before authentication so that a 401 or
 * 403 carries the CORS headers too: a browser SDK can then tell a bad key from a network failure.
 */
export async function registerSdkCors(app: FastifyInstance, origins: readonly string[]): Promise<void> {
  const sdk = {
    origin: origins.includes('*') ? true : [...origins],
    methods: ['GET', 'POST'],
    // If-None-Match and X-API-Key for OFREP providers (bulk ETags; the key in its own header).
    allowedHeaders: ['authorization', 'content-type', 'last-event-id', 'if-none-match', 'x-api-key'],
    exposedHeaders: ['retry-after', 'etag'],
    maxAge: 600,
  };
  await app.register(cors, {
    delegator: (request, callback) => callback(null, isSdkRoute(request.url) ? sdk : { origin: false }),
  });
}
