import {
  type Flag,
  type Plan,
  type PlanDecision,
  percentageOf,
  type VariantWindow,
} from '@switchyard/shared';
import type { GuardVerdict } from './guards.js';

/** A plan's last decision, as the console and the CLI show it. */
export function decision(
  now: number,
  action: PlanDecision['action'],
  reason: string,
  treatment: VariantWindow | null = null,
  control: VariantWindow | null = null,
): PlanDecision {
  return { at: new Date(now).toISOString(), action, reason, treatment, control };
}

/** What the guards said about a plan's window, with the numbers they compared. */
export interface GuardReading {
  verdict: GuardVerdict;
  treatment: VariantWindow;
  control: VariantWindow;
  /** More numbers for the audit entry of a flag change (Prometheus values, the sequential test). */
  evidence?: Record<string, unknown>;
  /** Set when the plan must pause unless it rolls back (a Prometheus check blind for too long). */
  pause?: string;
}

/** A change the runner makes to the flag before it records the plan, with the audit entry's details. */
export type FlagChange =
  | { kind: 'ramp'; percentage: number; details: Record<string, unknown> }
  | { kind: 'disable'; details: Record<string, unknown> };

export interface StepDecision {
  /** The flag write to make first (against the flag's current version); none for a plan-only step. */
  flagChange?: FlagChange;
  /** The plan after this step; undefined while a healthy step waits for its interval to end. */
  plan?: Plan;
}

/**
 * What one tick does to a running plan, decided without I/O: abort when the flag is gone, pause when a
 * person changed it, roll back on a regression (at any tick), and once the step's interval is over
 * hold (too few samples), advance, or complete.
 */
export function decideStep(
  plan: Plan,
  flag: Flag | undefined,
  reading: GuardReading,
  now: number,
): StepDecision {
  if (flag === undefined || flag.archived) {
    return {
      plan: {
        ...plan,
        state: 'aborted',
        lastDecision: decision(now, 'abort', `the flag was ${flag ? 'archived' : 'deleted'}`),
      },
    };
  }
  const current = plan.steps[plan.stepIndex] as number;
  if (!flag.enabled || percentageOf(flag) !== current) {
    const state = flag.enabled ? `${percentageOf(flag)}%` : 'disabled';
    return {
      plan: {
        ...plan,
        state: 'paused',
        lastDecision: decision(now, 'pause', `the flag was changed outside the plan (now ${state})`),
      },
    };
  }

  const { verdict, treatment, control } = reading;
  const evidence = {
    treatment,
    control,
    reason: verdict.reason,
    step: current,
    windowSeconds: plan.guards.windowSeconds,
    ...reading.evidence,
  };
  const decided = (action: Parameters<typeof decision>[1], reason: string) =>
    decision(now, action, reason, treatment, control);

  if (verdict.verdict === 'regression') {
    const details = { plan: { steps: plan.steps, step: plan.stepIndex }, evidence };
    const disable = plan.onRegression === 'disable';
    return {
      flagChange: disable ? { kind: 'disable', details } : { kind: 'ramp', percentage: 0, details },
      plan: {
        ...plan,
        state: 'rolled_back',
        lastDecision: decided('rollback', `${disable ? 'disabled' : 'rolled back to 0%'}: ${verdict.reason}`),
      },
    };
  }
  if (reading.pause !== undefined) {
    return { plan: { ...plan, state: 'paused', lastDecision: decided('pause', reading.pause) } };
  }
  if (now < plan.nextStepAt) return {};

  const nextStepAt = now + plan.intervalSeconds * 1000;
  if (verdict.verdict === 'insufficient') {
    return {
      plan: {
        ...plan,
        nextStepAt,
        lastDecision: decided('hold', `holding at ${current}%: ${verdict.reason}`),
      },
    };
  }
  const stepIndex = plan.stepIndex + 1;
  const next = plan.steps[stepIndex];
  if (next === undefined) {
    return {
      plan: { ...plan, state: 'completed', lastDecision: decided('complete', `completed at ${current}%`) },
    };
  }
  return {
    flagChange: {
      kind: 'ramp',
      percentage: next,
      details: { plan: { steps: plan.steps, step: stepIndex }, evidence },
    },
    plan: {
      ...plan,
      stepIndex,
      state: next === 100 ? 'completed' : 'running',
      nextStepAt,
      lastDecision: decided(
        next === 100 ? 'complete' : 'advance',
        `${current}% → ${next}%: ${verdict.reason}`,
      ),
    },
  };
}
