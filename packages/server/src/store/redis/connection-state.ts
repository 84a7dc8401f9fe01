import type { Cluster, Redis } from 'ioredis';
import type { StoreConnectionEvent } from '../types.js';

/**
 * Follows the store's two connections (commands, and the pub/sub subscriber) and reports one state:
 * `lost` as soon as either drops, `reconnected` once both are back and `recover` (the change feed's
 * catch-up) has succeeded. A failed recovery is retried every second while the connections are up.
 */
export interface ConnectionState {
  readonly lost: boolean;
  onChange(listener: (event: StoreConnectionEvent) => void): () => void;
  emit(event: StoreConnectionEvent): void;
  /** Stops reporting; called when the store closes its own connections. */
  stop(): void;
}

export function followConnections(
  connections: (Redis | Cluster)[],
  recover: () => Promise<void>,
): ConnectionState {
  const listeners = new Set<(event: StoreConnectionEvent) => void>();
  let lost = false;
  let stopped = false;
  let recovering = false;
  let lastError = 'connection closed';
  let retry: NodeJS.Timeout | undefined;

  const emit = (event: StoreConnectionEvent) => {
    if (stopped) return;
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // A listener's failure is its own; the others still hear about the connection.
      }
    }
  };

  const allReady = () => connections.every((c) => c.status === 'ready');

  const tryRecover = async () => {
    if (stopped || !lost || recovering || !allReady()) return;
    recovering = true;
    try {
      await recover();
      if (allReady() && !stopped) {
        lost = false;
        emit({ type: 'reconnected' });
      }
    } catch {
      retry = setTimeout(() => void tryRecover(), 1_000);
      retry.unref();
    } finally {
      recovering = false;
    }
  };

  for (const connection of connections) {
    // Without an 'error' listener ioredis prints every failed reconnection attempt.
    connection.on('error', (err: Error) => {
      lastError = err.message;
    });
    connection.on('close', () => {
      if (stopped || lost) return;
      lost = true;
      emit({ type: 'lost', error: lastError });
    });
    connection.on('ready', () => void tryRecover());
  }

  return {
    get lost() {
      return lost;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    emit,
    stop() {
      stopped = true;
      clearTimeout(retry);
      listeners.clear();
    },
  };
}
