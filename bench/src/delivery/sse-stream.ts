// A lean SSE reader for load processes that hold thousands of streams: one socket per stream (no
// agent pooling), and for each event only its name, id, raw data and the monotonic time at which the
// chunk completing it arrived. The data stays unparsed so that reading one stream does not delay the
// timestamps of the next; callers parse what they need after the fact.
import { request } from 'node:http';

export interface StreamEvent {
  readonly event: string;
  readonly id: string | undefined;
  readonly data: string;
  /** process.hrtime.bigint() when the chunk that completed the event was read: CLOCK_MONOTONIC, the same in every process of the machine. */
  readonly at: bigint;
}

export interface StreamHandlers {
  onEvent(event: StreamEvent): void;
  /** Called once, when the stream ends or fails (`error` set) or is refused (non-200). */
  onEnd(error?: Error): void;
}

export interface OpenStream {
  close(): void;
}

/** Parses the complete events in `buffer`; returns what is left of an incomplete one. */
function parseEvents(buffer: string, at: bigint, onEvent: (e: StreamEvent) => void): string {
  let start = 0;
  let end = buffer.indexOf('\n\n', start);
  while (end >= 0) {
    let event = 'message';
    let id: string | undefined;
    let data: string | undefined;
    for (const line of buffer.slice(start, end).split('\n')) {
      if (line.startsWith('data: ')) data = data === undefined ? line.slice(6) : `${data}\n${line.slice(6)}`;
      else if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('id: ')) id = line.slice(4);
      // Comments (heartbeats, ":ok") and retry: lines carry nothing to record.
    }
    if (data !== undefined) onEvent({ event, id, data, at });
    start = end + 2;
    end = buffer.indexOf('\n\n', start);
  }
  return start === 0 ? buffer : buffer.slice(start);
}

/** Opens `GET url` as an event stream with `Authorization: Bearer <key>`. */
export function openStream(url: string, key: string, handlers: StreamHandlers): OpenStream {
  let ended = false;
  const end = (error?: Error) => {
    if (ended) return;
    ended = true;
    handlers.onEnd(error);
  };
  const req = request(url, {
    agent: false,
    headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream' },
  });
  req.on('response', (res) => {
    if (res.statusCode !== 200) {
      res.resume();
      end(new Error(`stream refused: HTTP ${res.statusCode}`));
      req.destroy();
      return;
    }
    res.setEncoding('utf8');
    let buffer = '';
    res.on('data', (chunk: string) => {
      const at = process.hrtime.bigint();
      buffer = parseEvents(buffer + chunk, at, handlers.onEvent);
    });
    res.on('end', () => end(new Error('stream ended by the server')));
    res.on('error', (err) => end(err));
  });
  req.on('error', (err) => end(err));
  req.end();
  return {
    close() {
      ended = true;
      req.destroy();
    },
  };
}
