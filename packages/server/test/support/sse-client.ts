/** A minimal SSE reader over fetch for tests: collects events and lets a test wait for the next ones. */
export interface SseEvent {
  event: string;
  data: any;
  id: string | undefined;
}

export interface SseTestClient {
  readonly status: number;
  readonly events: SseEvent[];
  readonly comments: number;
  /** Resolves when the server ends the stream (or it fails, or `close()` is called). */
  readonly ended: Promise<void>;
  /** Resolves with the first event (counting from `from`, default: any received) matching `match`. */
  next(match?: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  close(): void;
}

export async function openSseClient(
  url: string,
  headers: Record<string, string> = {},
): Promise<SseTestClient> {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  const events: SseEvent[] = [];
  let comments = 0;
  let consumed = 0;
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of waiters) w();
  };

  let ended: Promise<void> = Promise.resolve();
  if (res.ok && res.body) {
    ended = (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let event = 'message';
            let id: string | undefined;
            const data: string[] = [];
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) comments++;
              else if (line.startsWith('event: ')) event = line.slice(7);
              else if (line.startsWith('id: ')) id = line.slice(4);
              else if (line.startsWith('data: ')) data.push(line.slice(6));
            }
            if (data.length > 0) events.push({ event, id, data: JSON.parse(data.join('\n')) });
            notify();
            end = buffer.indexOf('\n\n');
          }
        }
      } catch {
        // Aborted by close() or by the server.
      }
      notify();
    })();
  }

  return {
    status: res.status,
    events,
    ended,
    get comments() {
      return comments;
    },
    next(match = () => true, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          while (consumed < events.length) {
            const e = events[consumed++] as SseEvent;
            if (match(e)) {
              waiters.delete(check);
              clearTimeout(timer);
              resolve(e);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `no matching SSE event within ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => e.event))}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close() {
      controller.abort();
    },
  };
}
