import type { FastifyReply, FastifyRequest } from 'fastify';

/** Bytes a stream client may leave unread before it is disconnected rather than buffered without bound. */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export interface SseConnection {
  /** Sends one event; returns false when the connection is closed (or was just closed as too slow). */
  send(event: string, data: unknown, id?: number): boolean;
  /** Sends an event already formatted by {@link formatEvent} (one serialization for many clients). */
  sendFormatted(message: string): boolean;
  readonly closed: boolean;
  /** Called once when the client goes away or the connection is ended. */
  onClose(listener: () => void): void;
  close(): void;
}

/**
 * Takes over the response as a Server-Sent Events stream with heartbeat comments. A client that
 * stops reading is cut off once MAX_BUFFERED_BYTES are waiting for it; it reconnects with
 * Last-Event-ID and catches up.
 */
export function openSse(
  request: FastifyRequest,
  reply: FastifyReply,
  heartbeatMs: number,
  extraHeaders: Record<string, string> = {},
): SseConnection {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    ...extraHeaders,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write(`retry: 1000\n:ok\n\n`);
  res.socket?.setNoDelay(true);

  let closed = false;
  const listeners: (() => void)[] = [];
  const finish = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    for (const listener of listeners) listener();
  };
  const write = (chunk: string): boolean => {
    if (closed) return false;
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      request.log.warn('stream client too slow; disconnecting');
      res.destroy();
      finish();
      return false;
    }
    res.write(chunk);
    return true;
  };
  const heartbeat = setInterval(() => write(':\n\n'), heartbeatMs);
  heartbeat.unref();
  request.raw.on('close', finish);
  res.on('close', finish);
  res.on('error', finish);

  return {
    send(event, data, id) {
      return write(formatEvent(event, data, id));
    },
    sendFormatted(message) {
      return write(message);
    },
    get closed() {
      return closed;
    },
    onClose(listener) {
      if (closed) listener();
      else listeners.push(listener);
    },
    close() {
      res.end();
      finish();
    },
  };
}

/** One SSE event as it goes on the wire. */
export function formatEvent(event: string, data: unknown, id?: number): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Formats each event once however many clients get it: keyed by the object the event is made from
 * (a change, a ruleset snapshot), which every stream of the environment shares.
 */
export function createEventFormatter(): (source: object, format: () => string) => string {
  const formatted = new WeakMap<object, string>();
  return (source, format) => {
    let message = formatted.get(source);
    if (message === undefined) {
      message = format();
      formatted.set(source, message);
    }
    return message;
  };
}
