import { type ReconnectOptions, reconnectDelay } from '@switchyard/shared';

/** The part of the browser's EventSource the client uses; the `eventsource` package fits it too. */
export interface EventSourceLike {
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

/** An EventSource constructor (the global one in browsers); injectable for tests and other runtimes. */
export type EventSourceConstructor = new (url: string) => EventSourceLike;

export interface EvaluationStreamHandlers {
  /** A `put` event's data; returns whether it was valid, which proves the connection healthy. */
  put(data: string): boolean;
  patch(data: string): void;
  delete(data: string): void;
  /**
   * The connection dropped, or never opened (`opened` false: no response came back, so the network or
   * CORS is the cause); a reconnect is scheduled.
   */
  interrupted(opened: boolean): void;
}

/**
 * Keeps one `GET /sdk/v1/evaluate/stream` open, reconnecting with backoff and jitter when it drops.
 * EventSource's own retry waits a fixed few seconds and gives up on HTTP errors, so the client closes
 * the source on any error and opens a new one itself.
 */
export function openEvaluationStream(
  url: string,
  EventSourceImpl: EventSourceConstructor,
  handlers: EvaluationStreamHandlers,
  reconnect: ReconnectOptions,
): { close(): void } {
  let source: EventSourceLike | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let closed = false;

  function connect(): void {
    const current = new EventSourceImpl(url);
    source = current;
    let opened = false;
    current.addEventListener('open', () => {
      opened = true;
    });
    const on = (type: string, handle: (data: string) => void) =>
      current.addEventListener(type, (event) => {
        if (source === current && typeof event.data === 'string') handle(event.data);
      });
    on('put', (data) => {
      if (handlers.put(data)) attempt = 0;
    });
    on('patch', handlers.patch);
    on('delete', handlers.delete);
    current.addEventListener('error', () => {
      if (closed || source !== current) return;
      current.close();
      source = undefined;
      handlers.interrupted(opened);
      retry = setTimeout(connect, reconnectDelay(attempt++, reconnect));
    });
  }

  connect();
  return {
    close() {
      closed = true;
      clearTimeout(retry);
      source?.close();
      source = undefined;
    },
  };
}
