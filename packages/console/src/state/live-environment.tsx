import type { Environment, Flag, Segment } from '@switchyard/shared';
import {
  createContext,
  type ReactNode,
  useContext,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
} from 'react';
import { followEnvironment, type StreamStatus } from '../api/environment-stream.js';
import { createRulesetStore, type RulesetSnapshot, type RulesetStore } from './ruleset-store.js';
import { useSession } from './session.js';

interface LiveEnvironment {
  env: string;
  /** The environment's record: its name, and whether it is critical (production-like). */
  environment: Environment;
  store: RulesetStore;
  status: StreamStatus;
  /** Why the server refused the stream (unknown environment, forbidden), if it did. */
  refused: string | null;
}

const LiveEnvironmentContext = createContext<LiveEnvironment | null>(null);

/**
 * Follows one environment's change stream for every page under it, so the flag list and the flag
 * pages show changes made elsewhere as they happen.
 */
export function LiveEnvironmentProvider({
  environment,
  children,
}: {
  environment: Environment;
  children: ReactNode;
}) {
  const env = environment.key;
  const { token, renew } = useSession();
  // Rendered with key={env}: each environment gets its own store.
  const [store] = useState(createRulesetStore);
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const [refused, setRefused] = useState<string | null>(null);

  useEffect(() => {
    if (token === null) return;
    setRefused(null);
    return followEnvironment(token, env, {
      onPut: store.applyPut,
      onPatch: store.applyPatch,
      onDelete: store.applyDelete,
      onStatus: setStatus,
      onRefused(error) {
        // A renewed sign-in changes the token, which starts the stream again.
        if (error.status === 401) void renew(error.message);
        else setRefused(error.message);
      },
    });
  }, [token, env, store, renew]);

  const value = useMemo(
    () => ({ env, environment, store, status, refused }),
    [env, environment, store, status, refused],
  );
  return <LiveEnvironmentContext.Provider value={value}>{children}</LiveEnvironmentContext.Provider>;
}

export function useLiveEnvironment(): LiveEnvironment {
  const live = useContext(LiveEnvironmentContext);
  if (live === null) throw new Error('useLiveEnvironment needs a <LiveEnvironmentProvider>');
  return live;
}

export function useRuleset(): RulesetSnapshot {
  const { store } = useLiveEnvironment();
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

export function useLiveFlag(key: string): Flag | undefined {
  return useRuleset().flags[key];
}

export function useLiveSegment(key: string): Segment | undefined {
  return useRuleset().segments[key];
}
