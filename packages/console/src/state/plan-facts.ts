import type { Plan, PlanDecision, PlanState } from '@switchyard/shared';

export const PLAN_STATE_LABELS: Record<PlanState, string> = {
  running: 'Running',
  paused: 'Paused',
  completed: 'Completed',
  rolled_back: 'Rolled back',
  aborted: 'Aborted',
};

export const DECISION_LABELS: Record<PlanDecision['action'], string> = {
  start: 'Started',
  advance: 'Advanced',
  hold: 'Held',
  complete: 'Completed',
  rollback: 'Rolled back',
  pause: 'Paused',
  resume: 'Resumed',
  abort: 'Aborted',
};

/** A plan that will not move again: only a new plan ramps the flag further. */
export const isEnded = (plan: Plan) =>
  plan.state === 'completed' || plan.state === 'rolled_back' || plan.state === 'aborted';

/** `10 minutes`, `1 hour 30 minutes`, `45 seconds`. */
export function formatDuration(seconds: number): string {
  const parts: string[] = [];
  let rest = Math.round(seconds);
  for (const [unit, size] of [
    ['day', 86_400],
    ['hour', 3600],
    ['minute', 60],
    ['second', 1],
  ] as const) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count} ${unit}${count === 1 ? '' : 's'}`);
    rest %= size;
  }
  return parts.join(' ') || '0 seconds';
}

/** `2.18%` for an error rate, `—` when there were no evaluations. */
export const formatRate = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(2)}%`);

/** A guard's limit as people write it: 0.01 → `1%`. */
export const formatLimit = (rate: number) => `${Number((rate * 100).toFixed(4))}%`;
