import type { FastifyError, FastifyInstance } from 'fastify';
import { ApiError } from '../../../errors.js';

/** An OFREP request that fails as a whole: `{ errorCode, errorDetails }` (and the flag's `key`). */
export class OfrepFailure extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: 'INVALID_CONTEXT' | 'PARSE_ERROR' | 'GENERAL',
    details: string,
  ) {
    super(details);
  }
}

/** The flag key of a single-flag route, which its failure bodies must carry for providers to read them. */
function flagKeyOf(params: unknown): string | undefined {
  const key = (params as { key?: unknown } | undefined)?.key;
  return typeof key === 'string' ? key : undefined;
}

/**
 * Errors of the OFREP routes in OFREP's shape rather than Switchyard's: 401, 403 and 429 without a
 * body (429 keeps its Retry-After), bad bodies as 400 `PARSE_ERROR` / `INVALID_CONTEXT`, the store
 * being down as a 503 with `GENERAL`, anything unexpected as a 500 `{ errorDetails }`.
 */
export function registerOfrepErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError | OfrepFailure, request, reply) => {
    const key = flagKeyOf(request.params);
    const fail = (status: number, errorCode: string, errorDetails: string) =>
      reply
        .status(status)
        .send(key === undefined ? { errorCode, errorDetails } : { key, errorCode, errorDetails });
    if (error instanceof OfrepFailure) return fail(error.status, error.errorCode, error.message);
    if (error instanceof ApiError) {
      if (error.headers) reply.headers(error.headers);
      if (error.status === 401 || error.status === 403 || error.status === 429)
        return reply.status(error.status).send();
      if (error.status >= 500) return fail(error.status, 'GENERAL', error.message);
      return fail(error.status, 'INVALID_CONTEXT', error.message);
    }
    const status = error.statusCode ?? 500;
    if (status === 429) return reply.status(429).send();
    if (status >= 400 && status < 500) {
      // Fastify's own refusals: bad JSON, a body over the limit, a body that is not JSON.
      const details =
        status === 413
          ? 'The request body is too large'
          : status === 415
            ? 'Send JSON (Content-Type: application/json)'
            : error.message;
      return fail(status === 413 || status === 415 ? status : 400, 'PARSE_ERROR', details);
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ errorDetails: 'Internal error' });
  });
}
