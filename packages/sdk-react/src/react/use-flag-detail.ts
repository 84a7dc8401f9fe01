import { type EvaluationResult, readAsDefault } from '@switchyard/shared';
import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import type { FlagDetail } from '../client/flag-detail.js';
import { useFlagsClient } from './flags-context.js';

/** One flag's stored result, re-rendering only when that flag changes; the bootstrap while hydrating. */
function useFlagResult(key: string): EvaluationResult {
  const { store } = useFlagsClient();
  const subscribe = useCallback((onChange: () => void) => store.subscribe(key, onChange), [store, key]);
  return useSyncExternalStore(
    subscribe,
    () => store.get(key),
    () => store.getInitial(key),
  );
}

/**
 * A flag's value with its variant and reason. Until values arrive it is `defaultValue` with reason
 * `ERROR`/`NOT_READY`; for an unknown flag `FLAG_NOT_FOUND`; for a value not of the default's type
 * `TYPE_MISMATCH`. The component re-renders only when this flag changes.
 */
export function useFlagDetail<T>(key: string, defaultValue: T): FlagDetail<T> {
  const client = useFlagsClient();
  const result = useFlagResult(key);
  const detail = useMemo(() => readAsDefault(result, defaultValue), [result, defaultValue]);
  const variant = detail.variant;
  useEffect(() => client.recordEvaluation(key, variant), [client, key, variant]);
  return detail;
}

/** A flag's value, or `defaultValue` until one of that type is available. */
export function useVariation<T>(key: string, defaultValue: T): T {
  return useFlagDetail(key, defaultValue).value;
}

/** Whether a boolean flag is on; false until values arrive, for unknown flags and for non-boolean values. */
export function useFlag(key: string): boolean {
  return useFlagDetail(key, false).value;
}
