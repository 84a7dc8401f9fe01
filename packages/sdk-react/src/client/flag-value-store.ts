import type { Context, EvaluatedFlags, EvaluationResult } from '@switchyard/shared';
import { FLAG_NOT_FOUND, NOT_READY } from './flag-detail.js';
import { jsonEqual } from './json-equal.js';

/** Whether values have arrived, and the last problem the client met. */
export interface FlagsStatus {
  /** True once a full set of values is in hand (bootstrapped or fetched); stays true through outages. */
  readonly ready: boolean;
  /**
   * The last failure (server unreachable, stream interrupted, malformed payload ignored), or null.
   * The values in hand are kept; the next payload applied clears it.
   */
  readonly error: Error | null;
}

type Listener = () => void;

/**
 * The values evaluated for one context, read per key with per-key subscriptions, so that a change
 * re-renders only what reads the flag that changed. Reads return the same object until that flag
 * changes, as `useSyncExternalStore` requires.
 */
export interface FlagValueStore {
  /** The result for `key`: `NOT_READY` before values arrive, `FLAG_NOT_FOUND` for a flag the server did not send. */
  get(key: string): EvaluationResult;
  /** What `get` returned when the store was made, from the bootstrap: the values server rendering used. */
  getInitial(key: string): EvaluationResult;
  /** Calls `listener` whenever `get(key)` changes. Returns the unsubscribe function. */
  subscribe(key: string, listener: Listener): () => void;
  /** Calls `listener` whenever any flag or the context changes. */
  subscribeAll(listener: Listener): () => void;
  /** The context the client evaluates for (values may still be the previous context's while it re-evaluates). */
  getContext(): Context;
  getStatus(): FlagsStatus;
  /** The status when the store was made, matching `getInitial`. */
  getInitialStatus(): FlagsStatus;
  subscribeStatus(listener: Listener): () => void;
}

/** The writes the client makes from server payloads. */
export interface WritableFlagStore extends FlagValueStore {
  /** A full set of values (`put`, evaluate response): flags absent from it are gone. */
  replace(flags: EvaluatedFlags): void;
  /** Some values changed (`patch`). */
  merge(flags: EvaluatedFlags): void;
  /** Flags that no longer exist (`delete`). */
  remove(keys: string[]): void;
  setContext(context: Context): void;
  fail(error: Error): void;
}

function listenOn(listeners: Set<Listener>, listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

function notify(listeners: Set<Listener> | undefined): void {
  if (listeners !== undefined) for (const listener of [...listeners]) listener();
}

export function createFlagValueStore(context: Context, bootstrap?: EvaluatedFlags): WritableFlagStore {
  const flags = new Map<string, EvaluationResult>(Object.entries(bootstrap ?? {}));
  const initialFlags = new Map(flags);
  let currentContext = context;
  let status: FlagsStatus = { ready: bootstrap !== undefined, error: null };
  const initialStatus = status;
  const keyListeners = new Map<string, Set<Listener>>();
  const anyListeners = new Set<Listener>();
  const statusListeners = new Set<Listener>();

  const read = (from: Map<string, EvaluationResult>, ready: boolean, key: string) =>
    ready ? (from.get(key) ?? FLAG_NOT_FOUND) : NOT_READY;

  function setStatus(next: FlagsStatus): void {
    if (next.ready === status.ready && next.error === status.error) return;
    status = next;
    notify(statusListeners);
  }

  /** Applies a whole payload (undefined deletes), then tells whoever reads a key that changed. */
  function write(entries: Iterable<[string, EvaluationResult | undefined]>, complete: boolean): void {
    const changed = new Set<string>();
    for (const [key, result] of entries) {
      const previous = flags.get(key);
      if (result === undefined) {
        if (previous === undefined) continue;
        flags.delete(key);
      } else {
        // A repeated value (a reconnect's `put`) keeps the old object, so nothing re-renders.
        if (previous !== undefined && jsonEqual(previous, result)) continue;
        flags.set(key, result);
      }
      changed.add(key);
    }
    const becameReady = complete && !status.ready;
    setStatus({ ready: status.ready || complete, error: null });
    // Becoming ready changes every read (NOT_READY becomes a value or FLAG_NOT_FOUND).
    for (const key of becameReady ? [...keyListeners.keys()] : changed) notify(keyListeners.get(key));
    if (becameReady || changed.size > 0) notify(anyListeners);
  }

  return {
    get: (key) => read(flags, status.ready, key),
    getInitial: (key) => read(initialFlags, initialStatus.ready, key),
    subscribe(key, listener) {
      const forKey = keyListeners.get(key) ?? new Set<Listener>();
      keyListeners.set(key, forKey);
      const unsubscribe = listenOn(forKey, listener);
      return () => {
        unsubscribe();
        if (forKey.size === 0 && keyListeners.get(key) === forKey) keyListeners.delete(key);
      };
    },
    subscribeAll: (listener) => listenOn(anyListeners, listener),
    getContext: () => currentContext,
    getStatus: () => status,
    getInitialStatus: () => initialStatus,
    subscribeStatus: (listener) => listenOn(statusListeners, listener),

    replace(next) {
      const gone = [...flags.keys()].filter((key) => !Object.hasOwn(next, key));
      write([...gone.map((key): [string, undefined] => [key, undefined]), ...Object.entries(next)], true);
    },
    merge: (some) => write(Object.entries(some), false),
    remove: (keys) =>
      write(
        keys.map((key): [string, undefined] => [key, undefined]),
        false,
      ),
    setContext(next) {
      currentContext = next;
      notify(anyListeners);
    },
    fail: (error) => setStatus({ ready: status.ready, error }),
  };
}
