import type { z } from 'zod';
import { ApiError, parseOrThrow } from '../errors.js';

/**
 * A PUT body for a keyed document (flag or segment): a JSON object whose `key`, if given, is the URL's
 * key; `version` is the server's to set, so it is rejected like any unknown field.
 */
export function parseDocumentBody<S extends z.ZodType>(
  schema: S,
  key: string,
  body: unknown,
  what: string,
): z.output<S> {
  const fail = (path: string, message: string) =>
    new ApiError('SY_ERR_VALIDATION', `Invalid ${what}: ${path}: ${message}`, [{ path, message }]);
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw fail('(body)', 'expected a JSON object');
  const document: Record<string, unknown> = { key, ...body };
  if (document.key !== key) throw fail('key', `must match the URL's key "${key}"`);
  return parseOrThrow(schema, document, what);
}
