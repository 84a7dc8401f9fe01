import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { describeError, SwitchyardError } from '../errors.js';
import type { OpenResponse } from './http-transport.js';

/** A put carries the whole ruleset; this bounds one event's buffered data (characters). */
const MAX_EVENT_CHARS = 64 * 1024 * 1024;

export interface EventStreamOptions {
  /** The stream is dead when nothing, not even a heartbeat comment, arrived for this long. */
  heartbeatTimeoutMs: number;
  /** Handles one event. Throwing a `SwitchyardError` ends the stream with that error. */
  onEvent(event: EventSourceMessage): void;
}

export interface EventStream {
  /** Settles when the stream ended: with why, or null when `stop()` ended it. */
  readonly done: Promise<SwitchyardError | null>;
  stop(): void;
}

/** Reads an open SSE response event by event, watching for silence. */
export function readEventStream(open: OpenResponse, options: EventStreamOptions): EventStream {
  const { response } = open;
  let finish: (error: SwitchyardError | null) => void = () => {};
  const done = new Promise<SwitchyardError | null>((resolve) => {
    let finished = false;
    finish = (error) => {
      if (finished) return;
      finished = true;
      clearTimeout(watchdog);
      open.abort();
      resolve(error);
    };
  });

  const parser = createParser({
    onEvent: options.onEvent,
    onError(err) {
      // Unknown fields are ignored, as the SSE spec says; only an oversized event is fatal.
      if (err.type === 'max-buffer-size-exceeded') {
        throw new SwitchyardError('MALFORMED_DATA', `stream event larger than ${MAX_EVENT_CHARS} characters`);
      }
    },
    maxBufferSize: MAX_EVENT_CHARS,
  });

  const watchdog = setTimeout(silent, options.heartbeatTimeoutMs);
  watchdog.unref();
  function silent(): void {
    finish(
      new SwitchyardError(
        'TIMEOUT',
        `no data or heartbeat on the stream for ${options.heartbeatTimeoutMs} ms`,
      ),
    );
  }

  response.setEncoding('utf8');
  response.on('data', (chunk: string) => {
    watchdog.refresh();
    try {
      parser.feed(chunk);
    } catch (err) {
      finish(
        err instanceof SwitchyardError
          ? err
          : new SwitchyardError('MALFORMED_DATA', `bad stream data: ${describeError(err)}`, { cause: err }),
      );
    }
  });
  response.on('error', (err) =>
    finish(new SwitchyardError('NETWORK', `stream broke: ${err.message}`, { cause: err })),
  );
  response.on('end', () => finish(new SwitchyardError('NETWORK', 'the server closed the stream')));
  response.on('close', () => finish(new SwitchyardError('NETWORK', 'the stream connection closed')));

  return { done, stop: () => finish(null) };
}
