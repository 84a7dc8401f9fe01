import { rulesetResponseSchema, streamDeleteSchema, streamPatchSchema } from '@switchyard/shared';
import type { EventSourceMessage } from 'eventsource-parser';
import { SwitchyardError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Backoff } from './backoff.js';
import { type Delivery, type DeliverySink, isUnauthorized } from './delivery.js';
import { readEventStream } from './event-stream-reader.js';
import type { HttpTransport } from './http-transport.js';
import { parseMessage, revisionOf } from './parse-message.js';

/** `?epoch=1`: payloads carry the store epoch, so a store that forgot its data cannot take flags away. */
export const STREAM_PATH = 'sdk/v1/stream?epoch=1';

/** Statuses meaning "this server does not stream": the client polls instead. */
const STREAM_REFUSED = new Set([404, 405, 501]);

export interface StreamingOptions {
  transport: HttpTransport;
  sink: DeliverySink;
  logger: Logger;
  /** For the response headers to arrive. */
  timeoutMs: number;
  heartbeatTimeoutMs: number;
  backoff: Backoff;
  /** Called once when the server refuses to stream; streaming has stopped by then. */
  onRefused(status: number): void;
}

/**
 * Keeps an SSE connection to `GET /sdk/v1/stream` open: reconnects with backoff after any failure,
 * resuming from the last applied event with `Last-Event-ID`, and gives up only on 401/403 (or hands
 * over to polling when streaming is refused).
 */
export function startStreaming(options: StreamingOptions): Delivery {
  const { transport, sink, logger, backoff } = options;
  let stopped = false;
  let lastEventId: string | undefined;
  let stopCurrent: () => void = () => {};
  let wake: () => void = () => {};

  const handle = (message: EventSourceMessage): void => {
    switch (message.event) {
      case 'put':
        sink.put(parseMessage(rulesetResponseSchema, message.data, 'put event'));
        break;
      case 'patch':
        sink.patch(parseMessage(streamPatchSchema, message.data, 'patch event'), revisionOf(message.id));
        break;
      case 'delete':
        sink.remove(parseMessage(streamDeleteSchema, message.data, 'delete event'), revisionOf(message.id));
        break;
      default:
        // Events added to the protocol later must not break older SDKs.
        logger.debug(`ignoring stream event "${message.event ?? 'message'}"`);
        return;
    }
    // Only an applied event moves the resume point, so a rejected one is sent again.
    if (message.id !== undefined) lastEventId = message.id;
    backoff.reset();
  };

  /** One connection, start to end; resolves to why it ended, or null when it must not be retried. */
  async function connect(): Promise<SwitchyardError | null> {
    const headers: Record<string, string> = { accept: 'text/event-stream', 'cache-control': 'no-cache' };
    if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
    let open: Awaited<ReturnType<HttpTransport['open']>>;
    try {
      open = await transport.open(STREAM_PATH, headers, options.timeoutMs);
    } catch (err) {
      return err instanceof SwitchyardError ? err : new SwitchyardError('NETWORK', String(err));
    }
    const status = open.response.statusCode ?? 0;
    if (stopped || status !== 200) {
      open.response.resume();
      open.abort();
      if (stopped) return null;
      if (isUnauthorized(status)) {
        sink.unauthorized(unauthorized(status));
        return null;
      }
      if (STREAM_REFUSED.has(status)) {
        options.onRefused(status);
        return null;
      }
      return new SwitchyardError('HTTP_STATUS', `the stream answered ${status}`, { status });
    }
    const type = String(open.response.headers['content-type'] ?? '');
    if (!type.startsWith('text/event-stream')) {
      open.abort();
      return new SwitchyardError('MALFORMED_DATA', `the stream answered with content type "${type}"`);
    }
    logger.debug(lastEventId === undefined ? 'stream open' : `stream open, resuming after ${lastEventId}`);
    // Resuming: the server sends only what was missed, maybe nothing, so the ruleset held is current.
    if (lastEventId !== undefined) sink.confirmed();
    const stream = readEventStream(open, { heartbeatTimeoutMs: options.heartbeatTimeoutMs, onEvent: handle });
    stopCurrent = stream.stop;
    return stream.done;
  }

  async function run(): Promise<void> {
    while (!stopped) {
      const error = await connect();
      if (error === null || stopped) return;
      sink.interrupted(error);
      const delay = backoff.next();
      logger.debug(`reconnecting in ${delay} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        timer.unref();
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  run().catch((err) => logger.error(`streaming stopped unexpectedly: ${String(err)}`));
  return {
    stop() {
      stopped = true;
      stopCurrent();
      wake();
    },
  };
}

export function unauthorized(status: number): SwitchyardError {
  return new SwitchyardError(
    'UNAUTHORIZED',
    `the server refused the SDK key (HTTP ${status}); check that it is a server key that has not been revoked`,
    { status },
  );
}
