import { type AdminEndpoint, errorBodySchema } from '@switchyard/shared';
import type { z } from 'zod';
import { failure } from '../errors.js';
import { describeHttpFailure, describeNetworkFailure, type RequestSubject } from './failures.js';

export interface ConnectionSettings {
  /** The server's base URL, such as http://127.0.0.1:4242. */
  url: string;
  /** An admin key. */
  token: string;
  /** How long to wait for an answer; 30 s by default. */
  timeoutMs?: number;
}

/** An admin endpoint (`adminEndpoints` of `@switchyard/shared`) with what this call sends. */
export interface ApiRequest<S extends z.ZodType> extends AdminEndpoint<S> {
  body?: unknown;
  /** Sent as `If-Match: "<n>"`: the change is made only if the flag is still at version n. */
  ifVersion?: number;
  /** Sent as `If-None-Match: *`: the document is created only if it does not exist yet. */
  ifAbsent?: boolean;
  subject?: RequestSubject;
}

/** A response: the body as the schema parsed it, and the JSON as the server sent it (for --json). */
export interface ApiResult<T> {
  data: T;
  json: unknown;
}

export type Send = <S extends z.ZodType>(request: ApiRequest<S>) => Promise<ApiResult<z.output<S>>>;

const DEFAULT_TIMEOUT_MS = 30_000;

/** Sends admin API requests over HTTP; every failure becomes a CliError with one readable line. */
export function createSend({ url, token, timeoutMs = DEFAULT_TIMEOUT_MS }: ConnectionSettings): Send {
  const baseUrl = url.replace(/\/+$/, '');
  return async ({ method, path, body, ifVersion, ifAbsent, answer, subject = {} }) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (ifVersion !== undefined) headers['if-match'] = `"${ifVersion}"`;
    if (ifAbsent === true) headers['if-none-match'] = '*';
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${baseUrl}/api/v1${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (err) {
      throw describeNetworkFailure(err, baseUrl, timeoutMs);
    }
    const json = parseJsonText(text);
    if (!response.ok) {
      const error = errorBodySchema.safeParse(json);
      throw describeHttpFailure(
        response.status,
        error.success ? error.data.error : undefined,
        subject,
        baseUrl,
      );
    }
    const parsed = answer.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
      throw failure(
        `unexpected answer from ${baseUrl} to ${method} /api/v1${path}${where}: ${issue?.message ?? 'not JSON'}`,
      );
    }
    return { data: parsed.data, json };
  };
}

/** The body as JSON, or undefined when it is empty or not JSON (a proxy's HTML error page, say). */
function parseJsonText(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
