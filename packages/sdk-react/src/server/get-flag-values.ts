import { type Context, contextSchema, evaluateResponseSchema } from '@switchyard/shared';
import type { FlagBootstrap } from '../client/browser-client.js';
import { endpoint, type FetchLike, jsonPost } from '../client/sdk-api.js';

export interface GetFlagValuesOptions {
  /** Base URL of the Switchyard server. */
  url: string;
  /** The same client key the page uses (`POST /sdk/v1/evaluate` takes client keys). */
  clientKey: string;
  /** The user the page is rendered for: pass the same context to `<FlagProvider>`. */
  context: Context;
  /** Give up after this long and render with defaults (default 1500 ms). */
  timeoutMs?: number;
  /** Defaults to the global fetch. */
  fetch?: FetchLike;
}

/**
 * Evaluates every flag for `context` on the Switchyard server, from any Node server that renders
 * React (Next.js, Remix, Express). Pass the result as `<FlagProvider bootstrap>` both when rendering
 * the HTML and when hydrating it, so the browser starts from the values the HTML was rendered with.
 *
 * The result is plain JSON. It never throws: when the server cannot answer in time (or answers
 * something malformed) it warns and resolves `undefined`, and the page renders with defaults.
 */
export async function getFlagValues(options: GetFlagValuesOptions): Promise<FlagBootstrap | undefined> {
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  try {
    const context = contextSchema.parse(options.context);
    const signal = AbortSignal.timeout(options.timeoutMs ?? 1500);
    const res = await fetchImpl(
      endpoint(options.url, '/sdk/v1/evaluate'),
      jsonPost(options.clientKey, { context }, { signal }),
    );
    if (!res.ok) throw new Error(`POST /sdk/v1/evaluate answered ${res.status}`);
    return evaluateResponseSchema.parse(await res.json());
  } catch (error) {
    console.warn(`Switchyard: getFlagValues failed, rendering with defaults: ${(error as Error).message}`);
    return undefined;
  }
}
