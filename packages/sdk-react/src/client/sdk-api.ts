import type { Context, EvaluateResponse, EventsBatch } from '@switchyard/shared';
import { encodeContext } from './context-encoding.js';
import { parseEvaluateResponse } from './payload-guards.js';

/** The part of `fetch` the SDK uses, so tests and other runtimes can supply their own. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Where and as whom the client talks to the flag server. */
export interface ServerAddress {
  url: string;
  key: string;
  fetch: FetchLike;
}

/** The endpoint `path` under the server's base URL, which may end in a slash. */
export const endpoint = (url: string, path: string) => `${url.replace(/\/+$/, '')}${path}`;

/** A JSON POST authenticated with an SDK key. */
export function jsonPost(key: string, body: unknown, init: RequestInit = {}): RequestInit {
  return {
    ...init,
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}

/** What the status says when no response came back: a browser does not tell a CORS refusal from a network error. */
export const UNREACHABLE_MESSAGE = "Switchyard: can't reach flags (network or CORS)";

export function unreachable(cause?: unknown): Error {
  return new Error(UNREACHABLE_MESSAGE, { cause });
}

export type EvaluateOutcome =
  | { ok: true; response: EvaluateResponse }
  /** `rejected`: the server refused the key (401/403), so retrying cannot help. */
  | { ok: false; error: Error; rejected: boolean };

/** `POST /sdk/v1/evaluate` for `context`. Never throws: failures come back as an outcome. */
export async function fetchEvaluation(
  server: ServerAddress,
  context: Context,
  signal: AbortSignal,
): Promise<EvaluateOutcome> {
  try {
    const res = await server.fetch(
      // `?epoch=1`: the answer names the store epoch it was evaluated in (see ruleset-position.ts).
      `${endpoint(server.url, '/sdk/v1/evaluate')}?epoch=1`,
      jsonPost(server.key, { context }, { signal }),
    );
    if (!res.ok) {
      const error = new Error(`Switchyard: POST /sdk/v1/evaluate answered ${res.status}`);
      return { ok: false, error, rejected: res.status === 401 || res.status === 403 };
    }
    const response = parseEvaluateResponse(await res.json());
    if (response !== undefined) return { ok: true, response };
    return {
      ok: false,
      error: new Error('Switchyard: ignored a malformed evaluate response'),
      rejected: false,
    };
  } catch (cause) {
    // fetch rejects with a TypeError, and no response, when the network or CORS keeps the answer away.
    const error =
      cause instanceof TypeError
        ? unreachable(cause)
        : new Error('Switchyard: flag server unreachable', { cause });
    return { ok: false, error, rejected: false };
  }
}

/** The evaluation stream's URL: EventSource cannot send headers, so context and key ride in the query. */
export function evaluationStreamUrl(server: Omit<ServerAddress, 'fetch'>, context: Context): string {
  const query = `context=${encodeContext(context)}&key=${encodeURIComponent(server.key)}&epoch=1`;
  return `${endpoint(server.url, '/sdk/v1/evaluate/stream')}?${query}`;
}

/**
 * `POST /sdk/v1/events`. Resolves to whether the batch should be kept for the next flush: true when
 * the server could not be reached or was overloaded, false once it took the batch or refused it
 * for good (a 4xx would refuse it again).
 */
export async function sendEvents(
  server: ServerAddress,
  batch: EventsBatch,
  keepalive: boolean,
): Promise<boolean> {
  try {
    const res = await server.fetch(
      endpoint(server.url, '/sdk/v1/events'),
      jsonPost(server.key, batch, { keepalive }),
    );
    return res.status === 429 || res.status >= 500;
  } catch {
    return true;
  }
}
