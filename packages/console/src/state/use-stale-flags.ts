import type { StaleFlag } from '@switchyard/shared';
import { useMemo } from 'react';
import { useLiveEnvironment, useRuleset } from './live-environment.js';
import { useApi } from './session.js';
import { useResource } from './use-resource.js';

/** The environment's stale flags by key (launched or inactive), read again on every change. */
export function useStaleFlags(): Map<string, StaleFlag> {
  const api = useApi();
  const { env } = useLiveEnvironment();
  const { changes } = useRuleset();
  const stale = useResource(() => api.staleFlags(env), [api, env, changes]);
  return useMemo(() => new Map((stale.data ?? []).map((f) => [f.key, f])), [stale.data]);
}
