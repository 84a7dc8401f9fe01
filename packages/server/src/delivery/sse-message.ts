/**
 * One SSE event as it goes on the wire, made once however many streams send it. Streams of HTTP/1.1
 * responses write {@link chunk}, the event already framed as one chunk of the chunked response, as
 * one buffer on their socket: no per-stream encoding, framing or copying.
 */
export class SseMessage {
  private framed: Buffer | undefined;

  constructor(readonly text: string) {}

  /** `<size in hex>\r\n<event>\r\n`: the event as one chunk of a `Transfer-Encoding: chunked` body. */
  get chunk(): Buffer {
    if (this.framed === undefined) {
      const size = Buffer.byteLength(this.text, 'utf8');
      const head = `${size.toString(16)}\r\n`;
      const framed = Buffer.allocUnsafe(head.length + size + 2);
      framed.write(head, 0, 'latin1');
      framed.write(this.text, head.length, 'utf8');
      framed.write('\r\n', head.length + size, 'latin1');
      this.framed = framed;
    }
    return this.framed;
  }
}

/** One SSE event as it goes on the wire. */
export function formatEvent(event: string, data: unknown, id?: number): SseMessage {
  return new SseMessage(
    `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`,
  );
}

/** The heartbeat comment every stream gets when nothing else is said (one message for all). */
export const HEARTBEAT = new SseMessage(':\n\n');

/**
 * Formats each event once however many clients get it: keyed by the object the event is made from
 * (a change, a ruleset snapshot), which every stream of the environment shares.
 */
export function createEventFormatter(): <T extends object>(
  source: T,
  format: (source: T) => SseMessage,
) => SseMessage {
  const formatted = new WeakMap<object, SseMessage>();
  return (source, format) => {
    let message = formatted.get(source);
    if (message === undefined) {
      message = format(source);
      formatted.set(source, message);
    }
    return message;
  };
}
