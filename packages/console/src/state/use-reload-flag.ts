import { useCallback } from 'react';
import { useLiveEnvironment } from './live-environment.js';
import { useApi } from './session.js';

/** Reads a flag as it is now and shows it, whatever the stream has delivered so far. */
export function useReloadFlag(key: string): () => Promise<void> {
  const api = useApi();
  const { env, store } = useLiveEnvironment();
  return useCallback(async () => {
    store.upsertFlag(await api.getFlag(env, key));
  }, [api, env, store, key]);
}
