import { type Flag, type Plan, percentageOf } from '@switchyard/shared';
import { useEffect, useState } from 'react';
import { useLiveEnvironment } from './live-environment.js';
import { useApi } from './session.js';
import { useResource } from './use-resource.js';

/** How often a live plan is read again: not all of its changes change the flag. */
export const PLAN_POLL_MS = 5_000;
/**
 * A plan moves the flag first and records its own step after, so the read that a flag change
 * triggers can come too early; it is made once more after this long.
 */
const SETTLE_MS = 500;

export interface PlanView {
  /** undefined while loading; null when the flag has no plan. */
  plan: Plan | null | undefined;
  error: string | null;
  /** A plan this console just wrote: shown unless a newer revision is known already. */
  show(plan: Plan): void;
  reload(): void;
}

/**
 * A flag's rollout plan, read again whenever the flag changes (a plan's step, rollback or resume
 * does change it, and comes through the environment's stream) and every few seconds while the plan
 * is running or paused (a held step, or a pause or resume elsewhere, need not change the flag).
 */
export function usePlan(flag: Flag): PlanView {
  const api = useApi();
  const { env } = useLiveEnvironment();
  const loaded = useResource(() => api.getPlan(env, flag.key), [api, env, flag.key, flag.version]);
  const [written, setWritten] = useState<Plan | null>(null);

  const plan =
    written !== null && (loaded.data == null || loaded.data.revision < written.revision)
      ? written
      : loaded.data;

  const { reload } = loaded;
  // Paused plans too: another console or the API may resume them without changing the flag.
  const live = plan?.state === 'running' || plan?.state === 'paused';
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(reload, PLAN_POLL_MS);
    return () => clearInterval(timer);
  }, [live, reload]);

  const behind =
    plan?.state === 'running' && (!flag.enabled || percentageOf(flag) !== plan.steps[plan.stepIndex]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per flag version, not per read
  useEffect(() => {
    if (!behind) return;
    const timer = setTimeout(reload, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [behind, reload, flag.version]);

  return { plan, error: loaded.error, show: setWritten, reload };
}
