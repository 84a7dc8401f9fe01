import type { FlagValueStore } from '@switchyard/sdk-react';

/**
 * Resolves `'ready'` once the store holds values, the error that stopped them arriving first (a
 * refused key, an unreachable server), or `'timeout'` after `timeoutMs`.
 */
export function valuesSettled(
  store: FlagValueStore,
  timeoutMs: number,
): Promise<'ready' | 'timeout' | Error> {
  return new Promise((resolve) => {
    const check = (): boolean => {
      const { ready, error } = store.getStatus();
      if (ready) done('ready');
      else if (error !== null) done(error);
      return ready || error !== null;
    };
    const done = (outcome: 'ready' | 'timeout' | Error) => {
      clearTimeout(timer);
      unsubscribe();
      resolve(outcome);
    };
    const timer = setTimeout(() => done('timeout'), timeoutMs);
    const unsubscribe = store.subscribeStatus(check);
    check();
  });
}
