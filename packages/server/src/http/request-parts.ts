import { keySchema } from '@switchyard/shared';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ApiError, parseOrThrow } from '../errors.js';

const envParams = z.object({ env: keySchema });
const envKeyParamsSchema = z.object({ env: keySchema, key: keySchema });

/** `:env` from the URL, validated. */
export function envParam(request: FastifyRequest): string {
  return parseOrThrow(envParams, request.params, 'path').env;
}

/** `:env` and `:key` from the URL, validated. */
export function envKeyParams(request: FastifyRequest): { env: string; key: string } {
  return parseOrThrow(envKeyParamsSchema, request.params, 'path');
}

/**
 * What the request expects of the current document: the version an `If-Match` header names
 * (`"7"`, `W/"7"` or `7`; ETags are `"<version>"`), `'absent'` for `If-None-Match: *` (create only),
 * or undefined for no precondition.
 */
export function ifMatch(request: FastifyRequest): number | 'absent' | undefined {
  if (request.headers['if-none-match']?.trim() === '*') return 'absent';
  const header = request.headers['if-match'];
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(header);
  if (!match) {
    throw new ApiError('SY_ERR_VALIDATION', 'Invalid If-Match: expected a version ETag such as "7"', [
      { path: 'If-Match', message: 'expected a version ETag such as "7"' },
    ]);
  }
  return Number(match[1]);
}

export const etag = (version: number) => `"${version}"`;
