import type { ContextOrUserId, Evaluator, EventsBatch, FlagVariantMetrics } from '@switchyard/shared';
import { FLAG_KEY } from '../engine/scenarios.js';

/** Distinct user ids the SDK counts per flag variant and window at most (its documented bound). */
export const MAX_EXPOSURES_PER_VARIANT = 10_000;

/** Evaluations and distinct users of one variant in one window. */
export interface VariantTruth {
  readonly evaluations: number;
  readonly users: number;
}

/** What a window held, worked out with the bare engine before any timing. */
export interface WindowTruth {
  readonly on: VariantTruth;
  readonly off: VariantTruth;
}

/** What the SDK reported for a window, next to what the window held. */
export interface WindowReport {
  readonly on: FlagVariantMetrics & { readonly users: number };
  readonly off: FlagVariantMetrics & { readonly users: number };
}

export function windowTruth(evaluator: Evaluator, window: readonly ContextOrUserId[]): WindowTruth {
  const users = { on: new Set<string>(), off: new Set<string>() };
  let on = 0;
  for (const context of window) {
    const enabled = evaluator.isEnabled(FLAG_KEY, context);
    if (enabled) on++;
    const userId = typeof context === 'string' ? context : (context as { userId: string }).userId;
    (enabled ? users.on : users.off).add(userId);
  }
  return {
    on: { evaluations: on, users: users.on.size },
    off: { evaluations: window.length - on, users: users.off.size },
  };
}

/**
 * Checks the metrics batch that closed a window against what the window held: every evaluation was
 * counted under the variant it served, and no variant reports more exposures than it had distinct
 * users, or than the SDK's bound. Throws on a mismatch.
 */
export function checkWindow(batch: EventsBatch, truth: WindowTruth): WindowReport {
  const other = batch.metrics.find((m) => m.flag !== FLAG_KEY || (m.variant !== 'on' && m.variant !== 'off'));
  if (other) throw new Error(`the SDK reported an unexpected ${other.flag}/${other.variant}`);
  const report = (variant: 'on' | 'off') => {
    const m = batch.metrics.find((x) => x.variant === variant) ?? {
      flag: FLAG_KEY,
      variant,
      evaluations: 0,
      exposures: 0,
      errors: 0,
    };
    const expected = truth[variant];
    if (m.evaluations !== expected.evaluations) {
      throw new Error(`the SDK counted ${m.evaluations} ${variant} evaluations, not ${expected.evaluations}`);
    }
    if (m.exposures > Math.min(expected.users, MAX_EXPOSURES_PER_VARIANT)) {
      throw new Error(`the SDK reported ${m.exposures} ${variant} exposures for ${expected.users} users`);
    }
    return { ...m, users: expected.users };
  };
  return { on: report('on'), off: report('off') };
}
