import { ApiError } from '../errors.js';
import type { SseConnection } from './sse.js';

/** Whose stream it is: the key, and what its per-key cap counts (the key, or a client key and address). */
export interface StreamOwner {
  keyId: string;
  capKey: string;
  /** Names what the per-key cap counts, for the 429: "this server key". */
  scope: string;
}

/**
 * The open streams of this instance, by key: caps them per key and in total, ends every stream of a
 * key when it is revoked, and every stream when the instance shuts down.
 */
export class StreamRegistry {
  private readonly byKey = new Map<string, Set<SseConnection>>();
  private readonly perCapKey = new Map<string, number>();
  private total = 0;

  constructor(
    private readonly maxPerKey: number,
    private readonly maxTotal: number,
  ) {}

  /**
   * Opens a stream with `open` if the caps allow it, and tracks it until it closes; otherwise throws
   * a 429 that says which cap was reached (before anything is sent, so the client gets a JSON error).
   */
  open(owner: StreamOwner, open: () => SseConnection): SseConnection {
    if (this.total >= this.maxTotal)
      throw new ApiError(
        'SY_ERR_TOO_MANY_STREAMS',
        `This server instance has ${this.maxTotal} open streams, its limit`,
      );
    const forKey = this.perCapKey.get(owner.capKey) ?? 0;
    if (forKey >= this.maxPerKey)
      throw new ApiError(
        'SY_ERR_TOO_MANY_STREAMS',
        `${capitalized(owner.scope)} has ${this.maxPerKey} open streams, its limit`,
      );

    const connection = open();
    this.total++;
    this.perCapKey.set(owner.capKey, forKey + 1);
    let streams = this.byKey.get(owner.keyId);
    if (streams === undefined) {
      streams = new Set();
      this.byKey.set(owner.keyId, streams);
    }
    streams.add(connection);
    connection.onClose(() => {
      this.total--;
      const left = (this.perCapKey.get(owner.capKey) ?? 1) - 1;
      if (left === 0) this.perCapKey.delete(owner.capKey);
      else this.perCapKey.set(owner.capKey, left);
      streams.delete(connection);
      if (streams.size === 0 && this.byKey.get(owner.keyId) === streams) this.byKey.delete(owner.keyId);
    });
    return connection;
  }

  /** Ends every open stream of a key (it was revoked); returns how many. */
  closeKey(keyId: string): number {
    const streams = [...(this.byKey.get(keyId) ?? [])];
    for (const connection of streams) connection.close();
    return streams.length;
  }

  /**
   * Ends every open stream (the instance is shutting down, so clients reconnect to another one and
   * resume with Last-Event-ID); returns how many there were.
   */
  closeAll(): number {
    const streams = [...this.byKey.values()].flatMap((set) => [...set]);
    for (const connection of streams) connection.close();
    return streams.length;
  }

  /** The ids of keys with open streams. */
  keyIds(): string[] {
    return [...this.byKey.keys()];
  }
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
