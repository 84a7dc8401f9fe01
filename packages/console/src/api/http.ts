import {
  type AdminEndpoint,
  conflictDetailsSchema,
  errorBodySchema,
  type FieldProblem,
  fieldProblemsSchema,
} from '@switchyard/shared';
import type { z } from 'zod';

/** A refused request, with what the server said: its error code, message, and field problems or conflict. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Field problems of a 400 (`SY_ERR_VALIDATION`). */
    readonly problems: FieldProblem[] = [],
    /** The version the resource is at now, for a 409 conflict (null: it no longer exists). */
    readonly currentVersion: number | null = null,
  ) {
    super(message);
  }

  get isConflict(): boolean {
    return this.code === 'SY_ERR_CONFLICT';
  }
}

export interface RequestOptions {
  body?: unknown;
  /**
   * The version the user saw, sent as `If-Match: "<version>"`; `'absent'` sends `If-None-Match: *`
   * (create only, never replace).
   */
  ifMatch?: number | 'absent';
  signal?: AbortSignal;
}

/** Sends one admin API call (`adminEndpoints` of `@switchyard/shared`) with the token and parses its answer. */
export async function requestJson<S extends z.ZodType>(
  token: string,
  { method, path, answer }: AdminEndpoint<S>,
  { body, ifMatch, signal }: RequestOptions = {},
): Promise<z.output<S>> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (ifMatch === 'absent') headers['if-none-match'] = '*';
  else if (ifMatch !== undefined) headers['if-match'] = `"${ifMatch}"`;
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
    cache: 'no-store',
  });
  const text = await response.text();
  const json = parseJson(text);
  if (!response.ok) throw errorFrom(response.status, json, text);
  const parsed = answer.safeParse(json);
  if (!parsed.success) {
    throw new ApiRequestError(
      response.status,
      'CONSOLE_BAD_RESPONSE',
      `Unexpected answer from ${method} ${path}`,
    );
  }
  return parsed.data;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function errorFrom(status: number, json: unknown, text: string): ApiRequestError {
  const parsed = errorBodySchema.safeParse(json);
  if (!parsed.success) {
    return new ApiRequestError(
      status,
      'CONSOLE_HTTP',
      `The server answered ${status}${text ? `: ${text.slice(0, 200)}` : ''}`,
    );
  }
  const { code, message, details } = parsed.data.error;
  const problems = fieldProblemsSchema.safeParse(details).data ?? [];
  const currentVersion = conflictDetailsSchema.safeParse(details).data?.currentVersion ?? null;
  return new ApiRequestError(status, code, message, problems, currentVersion);
}
