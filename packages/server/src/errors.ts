import { validationProblems } from '@switchyard/shared';
import type { z } from 'zod';

/**
 * Every error the server answers with: a stable code, its HTTP status and a default message. Every
 * 4xx/5xx body is `{ "error": { "code", "message", "details"? } }`. docs/errors.md lists them all,
 * and a test keeps that table and this registry in step.
 */
export const ERRORS = {
  SY_ERR_VALIDATION: { status: 400, message: 'The request is not valid' },
  SY_ERR_BAD_URL: { status: 400, message: 'The URL is not valid (bad percent-encoding)' },
  SY_ERR_BAD_JSON: { status: 400, message: 'The request body is not valid JSON' },
  SY_ERR_NOT_BOOLEAN: { status: 400, message: 'This operation needs a boolean flag' },
  SY_ERR_UNAUTHORIZED: { status: 401, message: 'A valid API key is required (Authorization: Bearer <key>)' },
  SY_ERR_FORBIDDEN: { status: 403, message: 'This API key may not do that' },
  SY_ERR_NOT_FOUND: { status: 404, message: 'No such route' },
  SY_ERR_ENVIRONMENT_NOT_FOUND: { status: 404, message: 'No such environment' },
  SY_ERR_FLAG_NOT_FOUND: { status: 404, message: 'No such flag' },
  SY_ERR_SEGMENT_NOT_FOUND: { status: 404, message: 'No such segment' },
  SY_ERR_VERSION_NOT_FOUND: { status: 404, message: 'No such version in the history' },
  SY_ERR_KEY_NOT_FOUND: { status: 404, message: 'No such API key' },
  SY_ERR_PLAN_NOT_FOUND: { status: 404, message: 'The flag has no rollout plan' },
  SY_ERR_SCHEDULE_NOT_FOUND: { status: 404, message: 'No such scheduled change' },
  SY_ERR_TRIGGER_NOT_FOUND: { status: 404, message: 'No such trigger' },
  SY_ERR_WEBHOOK_NOT_FOUND: { status: 404, message: 'No such webhook' },
  SY_ERR_CONFLICT: { status: 409, message: 'The resource was changed by someone else' },
  SY_ERR_ALREADY_EXISTS: { status: 409, message: 'The resource exists already' },
  SY_ERR_FLAG_ARCHIVED: { status: 409, message: 'The flag is archived; unarchive it first' },
  SY_ERR_FLAG_IN_USE: { status: 409, message: 'Other flags name this flag as a prerequisite' },
  SY_ERR_MANAGED: {
    status: 409,
    message:
      "The flag is managed by the server's flags file; change it there (the kill switch and triggers still work)",
  },
  SY_ERR_SCHEDULE_NOT_PENDING: {
    status: 409,
    message: 'The scheduled change has run or was cancelled already',
  },
  SY_ERR_PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large' },
  SY_ERR_URL_TOO_LONG: { status: 414, message: 'A part of the URL is too long' },
  SY_ERR_UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send JSON (Content-Type: application/json)' },
  SY_ERR_RATE_LIMITED: { status: 429, message: 'Too many requests; retry after the Retry-After seconds' },
  SY_ERR_TOO_MANY_STREAMS: { status: 429, message: 'Too many open streams' },
  SY_ERR_INTERNAL: { status: 500, message: 'Internal error' },
  SY_ERR_STORE_UNAVAILABLE: { status: 503, message: 'The store is unavailable; the change was not made' },
  SY_ERR_STORE_FORGOT: {
    status: 503,
    message:
      'The store came back without the data this server served; the change was not made. Restore it or accept it as it is (docs/operations.md)',
  },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** The one error type routes throw; the error handler renders it. */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message ?? ERRORS[code].message);
    this.status = ERRORS[code].status;
  }
}

/** Parses `value` with `schema` or throws a 400 whose message names the first offending field. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
  prefix: (string | number)[] = [],
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = validationProblems(result.error, prefix);
  const first = problems[0];
  const message = first ? `Invalid ${what}: ${first.path}: ${first.message}` : `Invalid ${what}`;
  throw new ApiError('SY_ERR_VALIDATION', message, problems);
}
