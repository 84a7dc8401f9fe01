import type { ErrorBody } from '@switchyard/shared';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, ERRORS, type ErrorCode } from '../errors.js';

/** Fastify's own client errors (body parsing, size, media type) in our error vocabulary. */
function fromFastify(error: FastifyError): ApiError | null {
  const status = error.statusCode ?? 500;
  if (status === 413) return new ApiError('SY_ERR_PAYLOAD_TOO_LARGE');
  if (status === 415) return new ApiError('SY_ERR_UNSUPPORTED_MEDIA_TYPE');
  if (status === 404) return new ApiError('SY_ERR_NOT_FOUND');
  if (status >= 400 && status < 500) {
    const code: ErrorCode = /JSON/i.test(`${error.code} ${error.message}`)
      ? 'SY_ERR_BAD_JSON'
      : 'SY_ERR_VALIDATION';
    return new ApiError(code, error.message);
  }
  return null;
}

/** Every error leaves as `{ error: { code, message, details? } }`; only unexpected ones are 500s. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    const apiError = error instanceof ApiError ? error : fromFastify(error);
    if (apiError === null) {
      request.log.error({ err: error }, 'unhandled error');
      return reply
        .status(500)
        .send({ error: { code: 'SY_ERR_INTERNAL', message: ERRORS.SY_ERR_INTERNAL.message } });
    }
    if (apiError.headers) reply.headers(apiError.headers);
    const body: ErrorBody['error'] = {
      code: apiError.code,
      message: apiError.message,
    };
    if (apiError.details !== undefined) body.details = apiError.details;
    return reply.status(apiError.status).send({ error: body });
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({
      error: {
        code: 'SY_ERR_NOT_FOUND',
        message: `No route ${request.method} ${request.url.split('?')[0]}`,
      },
    });
  });
}

/**
 * Errors the router raises before any route runs (Fastify's `frameworkErrors`): a bad percent-encoding
 * or a path parameter over the router's length limit. The path is not echoed: it may hold anything.
 */
export function renderFrameworkError(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const apiError =
    error.code === 'FST_ERR_BAD_URL'
      ? new ApiError('SY_ERR_BAD_URL')
      : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? new ApiError('SY_ERR_URL_TOO_LONG')
        : new ApiError('SY_ERR_VALIDATION', 'The request could not be routed');
  void reply.status(apiError.status).send({ error: { code: apiError.code, message: apiError.message } });
}
