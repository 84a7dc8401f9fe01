import { type Context, type EvaluationResult, readAsDefault } from '@switchyard/shared';
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { BrowserClient } from '../client/browser-client.js';
import type { FlagDetail } from '../client/flag-detail.js';
import { answersForUser } from '../client/user-check.js';
import { useFlagsContext } from './flags-context.js';

/** Reads any flag by key: what `useFlags()` returns. */
export interface FlagReader {
  /**
   * Whether a boolean flag is on. `isEnabled('new-checkout', user.id)` answers for the provider's
   * `context.userId`; asked about anyone else it returns false (warning once in development),
   * because the browser only holds values evaluated for its own user.
   */
  isEnabled(key: string, userId?: string): boolean;
  /** A flag's value, or `defaultValue` until one of that type is available. */
  variation<T>(key: string, defaultValue: T): T;
  /** The value with its variant and reason, as `useFlagDetail` gives it. */
  variationDetail<T>(key: string, defaultValue: T): FlagDetail<T>;
}

interface Read {
  result: EvaluationResult;
  variant: string | null;
}

/**
 * Remembers which flags a `useFlags()` caller read in its last render, so that a change to any other
 * flag leaves it alone. Its snapshot is a token that is replaced only when one of those flags (or,
 * after `isEnabled(key, userId)`, the context) changed; the reads themselves go to the store.
 */
function createReadTracker(client: BrowserClient, providerContext: Context | undefined) {
  const { store } = client;
  let reads = new Map<string, Read>();
  let readContext: Context | undefined;
  const recorded = new Map<string, string | null>();
  const hydrating = {};
  let live = {};

  const stale = () =>
    (readContext !== undefined && readContext !== store.getContext()) ||
    [...reads].some(([key, read]) => store.get(key) !== read.result);

  return {
    subscribe: (onChange: () => void) => store.subscribeAll(onChange),
    getSnapshot() {
      if (stale()) {
        live = {};
        // Until the render this triggers records its own reads, compare against what it will see.
        for (const [key, read] of reads) reads.set(key, { ...read, result: store.get(key) });
        if (readContext !== undefined) readContext = store.getContext();
      }
      return live;
    },
    getServerSnapshot: () => hydrating,
    beginRender() {
      reads = new Map();
      readContext = undefined;
    },
    reader(snapshot: object): FlagReader {
      const read = (key: string) => (snapshot === hydrating ? store.getInitial(key) : store.get(key));
      function variationDetail<T>(key: string, defaultValue: T): FlagDetail<T> {
        const result = read(key);
        const detail = readAsDefault(result, defaultValue);
        reads.set(key, { result, variant: detail.variant });
        return detail;
      }
      return {
        isEnabled(key, userId) {
          if (userId === undefined) return variationDetail(key, false).value;
          readContext = store.getContext();
          const contextUserId = (providerContext ?? readContext).userId;
          if (answersForUser(store, contextUserId, key, userId)) return variationDetail(key, false).value;
          reads.set(key, { result: read(key), variant: null });
          return false;
        },
        variation: (key, defaultValue) => variationDetail(key, defaultValue).value,
        variationDetail,
      };
    },
    /** Counts an evaluation for each flag whose served variant is new since the last commit. */
    recordEvaluations() {
      for (const [key, { variant }] of reads) {
        if (recorded.has(key) && recorded.get(key) === variant) continue;
        recorded.set(key, variant);
        client.recordEvaluation(key, variant);
      }
    },
  };
}

/**
 * Reads any flag by key. The component re-renders only when a flag it read in its last render
 * changes, like the single-flag hooks.
 *
 * ```tsx
 * const { isEnabled } = useFlags();
 * if (isEnabled('new-checkout', user.id)) return <NewCheckout />;
 * return <LegacyCheckout />;
 * ```
 */
export function useFlags(): FlagReader {
  const { client, context } = useFlagsContext();
  const tracker = useMemo(() => createReadTracker(client, context), [client, context]);
  const snapshot = useSyncExternalStore(tracker.subscribe, tracker.getSnapshot, tracker.getServerSnapshot);
  tracker.beginRender();
  useEffect(() => tracker.recordEvaluations());
  return useMemo(() => tracker.reader(snapshot), [tracker, snapshot]);
}
