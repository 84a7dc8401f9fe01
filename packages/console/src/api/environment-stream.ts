import {
  type RulesetResponse,
  reconnectDelay,
  rulesetResponseSchema,
  type StreamDelete,
  type StreamPatch,
  streamDeleteSchema,
  streamPatchSchema,
} from '@switchyard/shared';
import { createParser } from 'eventsource-parser';
import { ApiRequestError, errorFrom } from './http.js';

export type StreamStatus = 'connecting' | 'live' | 'reconnecting';

export interface StreamHandlers {
  onPut(ruleset: RulesetResponse): void;
  /** `revision` is the event's id: the environment's revision after the change. */
  onPatch(patch: StreamPatch, revision: number | undefined): void;
  onDelete(removed: StreamDelete, revision: number | undefined): void;
  onStatus(status: StreamStatus): void;
  /** The server refused the token or the environment: the stream stops for good. */
  onRefused(error: ApiRequestError): void;
}

const MAX_BACKOFF_MS = 15_000;

/**
 * Follows `GET /api/v1/environments/:env/stream`. EventSource cannot send an Authorization header,
 * so this reads the SSE body with fetch and a stream reader, and reconnects with Last-Event-ID
 * (backing off up to 15 s) until the returned function is called.
 */
export function followEnvironment(token: string, env: string, handlers: StreamHandlers): () => void {
  const controller = new AbortController();
  let lastEventId: string | undefined;

  const dispatch = (event: string | undefined, data: string, id: string | undefined) => {
    const json: unknown = JSON.parse(data);
    const revision = id === undefined || !/^\d+$/.test(id) ? undefined : Number(id);
    if (event === 'put') handlers.onPut(rulesetResponseSchema.parse(json));
    else if (event === 'patch') handlers.onPatch(streamPatchSchema.parse(json), revision);
    else if (event === 'delete') handlers.onDelete(streamDeleteSchema.parse(json), revision);
  };

  const readOnce = async (): Promise<void> => {
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      accept: 'text/event-stream',
    };
    if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
    const response = await fetch(`/api/v1/environments/${encodeURIComponent(env)}/stream`, {
      headers,
      signal: controller.signal,
      cache: 'no-store',
    });
    if (!response.ok || response.body === null) {
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {}
      throw errorFrom(response.status, json, text);
    }
    handlers.onStatus('live');
    const parser = createParser({
      onEvent(message) {
        dispatch(message.event, message.data, message.id);
        // Only after it was applied: an event that could not be read is asked for again on reconnect.
        if (message.id !== undefined) lastEventId = message.id;
      },
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      parser.feed(value);
    }
  };

  const run = async () => {
    let attempt = 0;
    handlers.onStatus('connecting');
    while (!controller.signal.aborted) {
      try {
        await readOnce();
        attempt = 0;
      } catch (err) {
        if (controller.signal.aborted) return;
        if (err instanceof ApiRequestError && err.status >= 400 && err.status < 500 && err.status !== 429) {
          handlers.onRefused(err);
          return;
        }
      }
      if (controller.signal.aborted) return;
      handlers.onStatus('reconnecting');
      const delay = reconnectDelay(attempt++, { initialDelayMs: 500, maxDelayMs: MAX_BACKOFF_MS });
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  };
  void run();
  return () => controller.abort();
}
