import { type DependencyList, useCallback, useEffect, useState } from 'react';
import { ApiRequestError } from '../api/http.js';
import { useSession } from './session.js';

export interface Resource<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload(): void;
}

/**
 * Loads something from the admin API when `deps` change (and on `reload`), keeping the last data
 * while a newer load is on its way so views do not flicker.
 */
export function useResource<T>(load: () => Promise<T>, deps: DependencyList): Resource<T> {
  const { renew } = useSession();
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `deps` stand for what `load` reads
  useEffect(() => {
    let current = true;
    setLoading(true);
    load().then(
      (value) => {
        if (!current) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (!current) return;
        if (err instanceof ApiRequestError && err.status === 401) {
          void renew(err.message).then((renewed) => renewed && setAttempt((n) => n + 1));
        }
        setError(err instanceof Error ? err.message : String(err));
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [...deps, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { data, error, loading, reload };
}
