import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { beatEvery } from './heartbeats.js';
import { formatEvent, HEARTBEAT, type SseMessage } from './sse-message.js';

/** Bytes a stream client may leave unread before it is disconnected rather than buffered without bound. */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export interface SseConnection {
  /** Sends one event; returns false when the connection is closed (or was just closed as too slow). */
  send(event: string, data: unknown, id?: number): boolean;
  /** Sends an event already formatted by {@link formatEvent} (one serialization for many clients). */
  sendMessage(message: SseMessage): boolean;
  readonly closed: boolean;
  /** Called once when the client goes away or the connection is ended. */
  onClose(listener: () => void): void;
  close(): void;
}

/**
 * An open event stream. While its response is chunked and holds its socket (HTTP/1.1, the usual
 * case), events are written to the socket as pre-framed chunks, one buffer and one write each;
 * otherwise (HTTP/1.0) through the response.
 */
class SseStream implements SseConnection {
  closed = false;
  private readonly listeners: (() => void)[] = [];
  private readonly socket: Socket | null;
  private readonly stopBeating: () => void;

  constructor(
    private readonly res: ServerResponse,
    private readonly log: FastifyBaseLogger,
    heartbeatMs: number,
  ) {
    // The response holds the socket unless it waits behind a pipelined one (then it has none yet).
    this.socket = res.chunkedEncoding && res.socket !== null ? res.socket : null;
    this.stopBeating = beatEvery(heartbeatMs, this);
  }

  send(event: string, data: unknown, id?: number): boolean {
    return this.sendMessage(formatEvent(event, data, id));
  }

  sendMessage(message: SseMessage): boolean {
    if (this.closed) return false;
    const socket = this.socket;
    if (socket !== null) {
      // Gone (its 'close' is on its way): nothing more to write.
      if (socket.destroyed) return false;
      if (socket.writableLength > MAX_BUFFERED_BYTES) return this.tooSlow();
      socket.write(message.chunk);
    } else {
      if (this.res.writableLength > MAX_BUFFERED_BYTES) return this.tooSlow();
      this.res.write(message.text);
    }
    return true;
  }

  heartbeat(): void {
    this.sendMessage(HEARTBEAT);
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.listeners.push(listener);
  }

  close(): void {
    this.res.end();
    this.finish();
  }

  /** Marks the stream closed once: stops its heartbeats and tells its listeners. */
  readonly finish = (): void => {
    if (this.closed) return;
    this.closed = true;
    this.stopBeating();
    for (const listener of this.listeners) listener();
  };

  private tooSlow(): false {
    this.log.warn('stream client too slow; disconnecting');
    this.res.destroy();
    this.finish();
    return false;
  }
}

/**
 * Takes over the response as a Server-Sent Events stream with heartbeat comments (one shared timer
 * per interval, see heartbeats.ts). A client that stops reading is cut off once MAX_BUFFERED_BYTES
 * are waiting for it; it reconnects with Last-Event-ID and catches up.
 */
export function openSse(
  request: FastifyRequest,
  reply: FastifyReply,
  heartbeatMs: number,
  /** The route's own headers: the reply's headers are not written once the response is taken over. */
  headers: OutgoingHttpHeaders,
): SseConnection {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  // Through the response: it sends the headers with it, and the socket is the response's from here on.
  res.write(`retry: 1000\n:ok\n\n`);
  res.socket?.setNoDelay(true);

  const stream = new SseStream(res, request.log, heartbeatMs);
  request.raw.on('close', stream.finish);
  res.on('close', stream.finish);
  res.on('error', stream.finish);
  return stream;
}
