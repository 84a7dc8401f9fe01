import { validationProblems } from '@switchyard/shared';
import type { z } from 'zod';

/** Registry entries that share one HTTP status, from their codes and default messages. */
function withStatus<const S extends number, const M extends Record<string, string>>(
  status: S,
  messages: M,
): { [C in keyof M]: { status: S; message: M[C] } } {
  const entries = Object.entries(messages).map(([code, message]) => [code, { status, message }]);
  return Object.fromEntries(entries) as { [C in keyof M]: { status: S; message: M[C] } };
}

/**
 * Every error the server answers with: a stable code, its HTTP status and a default message. Every
 * 4xx/5xx body is `{ "error": { "code", "message", "details"? } }`. docs/errors.md lists them all,
 * and a test keeps that table and this registry in step.
 */
export const ERRORS = {
  ...withStatus(400, {
    SY_ERR_VALIDATION: 'The request is not valid',
    SY_ERR_BAD_URL: 'The URL is not valid (bad percent-encoding)',
    SY_ERR_BAD_JSON: 'The request body is not valid JSON',
    SY_ERR_NOT_BOOLEAN: 'This operation needs a boolean flag',
  }),
  ...withStatus(401, {
    SY_ERR_UNAUTHORIZED: 'A valid API key is required (Authorization: Bearer <key>)',
  }),
  ...withStatus(403, {
    SY_ERR_FORBIDDEN: 'This API key may not do that',
  }),
  ...withStatus(404, {
    SY_ERR_NOT_FOUND: 'No such route',
    SY_ERR_ENVIRONMENT_NOT_FOUND: 'No such environment',
    SY_ERR_FLAG_NOT_FOUND: 'No such flag',
    SY_ERR_SEGMENT_NOT_FOUND: 'No such segment',
    SY_ERR_VERSION_NOT_FOUND: 'No such version in the history',
    SY_ERR_KEY_NOT_FOUND: 'No such API key',
    SY_ERR_PLAN_NOT_FOUND: 'The flag has no rollout plan',
    SY_ERR_SCHEDULE_NOT_FOUND: 'No such scheduled change',
    SY_ERR_TRIGGER_NOT_FOUND: 'No such trigger',
    SY_ERR_WEBHOOK_NOT_FOUND: 'No such webhook',
  }),
  ...withStatus(409, {
    SY_ERR_CONFLICT: 'The resource was changed by someone else',
    SY_ERR_ALREADY_EXISTS: 'The resource exists already',
    SY_ERR_FLAG_ARCHIVED: 'The flag is archived; unarchive it first',
    SY_ERR_FLAG_IN_USE: 'Other flags name this flag as a prerequisite',
    SY_ERR_MANAGED:
      "The flag is managed by the server's flags file; change it there (the kill switch and triggers still work)",
    SY_ERR_SCHEDULE_NOT_PENDING: 'The scheduled change has run or was cancelled already',
  }),
  ...withStatus(413, {
    SY_ERR_PAYLOAD_TOO_LARGE: 'The request body is too large',
  }),
  ...withStatus(414, {
    SY_ERR_URL_TOO_LONG: 'A part of the URL is too long',
  }),
  ...withStatus(415, {
    SY_ERR_UNSUPPORTED_MEDIA_TYPE: 'Send JSON (Content-Type: application/json)',
  }),
  ...withStatus(429, {
    SY_ERR_RATE_LIMITED: 'Too many requests; retry after the Retry-After seconds',
    SY_ERR_TOO_MANY_STREAMS: 'Too many open streams',
  }),
  ...withStatus(500, {
    SY_ERR_INTERNAL: 'Internal error',
  }),
  ...withStatus(503, {
    SY_ERR_STORE_UNAVAILABLE: 'The store is unavailable; the change was not made',
    SY_ERR_STORE_FORGOT:
      'The store came back without the data this server served; the change was not made. Restore it or accept it as it is (docs/operations.md)',
  }),
} satisfies Record<string, { status: number; message: string }>;

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
