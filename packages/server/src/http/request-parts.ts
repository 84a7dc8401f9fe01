import { keySchema } from '@switchyard/shared';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ApiError, parseOrThrow } from './errors.js';

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
 * The version an `If-Match` header expects (`"7"`, `W/"7"` or `7`), or undefined without the header.
 * ETags are `"<version>"`.
 */
export function ifMatch(request: FastifyRequest): number | undefined {
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
