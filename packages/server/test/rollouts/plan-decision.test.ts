import { booleanFlagAt, type Flag, guardsSchema, type Plan, type VariantWindow } from '@switchyard/shared';
import { describe, expect, it } from 'vitest';
import type { GuardVerdict } from '../../src/rollouts/guards.js';
import { decideStep, type StepDecision } from '../../src/rollouts/plan-decision.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const window = (evaluations: number, errors: number): VariantWindow => ({
  evaluations,
  errors,
  errorRate: evaluations === 0 ? null : errors / evaluations,
  p95LatencyMs: null,
});
const treatment = window(500, 1);
const control = window(500, 1);

const plan = (overrides: Partial<Plan> = {}): Plan => ({
  environment: 'production',
  flag: 'checkout',
  steps: [5, 25, 100],
  intervalSeconds: 600,
  guards: guardsSchema.parse({}),
  onRegression: 'rollback',
  state: 'running',
  stepIndex: 0,
  nextStepAt: NOW,
  startedAt: new Date(NOW - 600_000).toISOString(),
  updatedAt: new Date(NOW - 600_000).toISOString(),
  revision: 3,
  lastDecision: null,
  ...overrides,
});
const flagAt = (percentage: number, enabled = true): Flag => ({
  key: 'checkout',
  ...booleanFlagAt(percentage),
  enabled,
  version: 4,
});
const healthy: GuardVerdict = { verdict: 'healthy', reason: 'within guards' };
const insufficient: GuardVerdict = { verdict: 'insufficient', reason: 'too few samples' };
const regression: GuardVerdict = { verdict: 'regression', reason: 'error rate 10x control' };

/** The parts of a decision a reader of the table cares about. */
const summary = ({ flagChange, plan: next }: StepDecision) => ({
  flag:
    flagChange === undefined
      ? null
      : flagChange.kind === 'disable'
        ? 'disable'
        : `${flagChange.kind} ${flagChange.percentage}`,
  state: next?.state ?? null,
  action: next?.lastDecision?.action ?? null,
  reason: next?.lastDecision?.reason ?? null,
  stepIndex: next?.stepIndex ?? null,
  nextStepAt: next === undefined ? null : next.nextStepAt - NOW,
});

describe('decideStep', () => {
  it.each<[string, Plan, Flag | undefined, GuardVerdict, number, ReturnType<typeof summary>]>([
    [
      'aborts when the flag was deleted',
      plan(),
      undefined,
      healthy,
      NOW,
      {
        flag: null,
        state: 'aborted',
        action: 'abort',
        reason: 'the flag was deleted',
        stepIndex: 0,
        nextStepAt: 0,
      },
    ],
    [
      'aborts when the flag was archived',
      plan(),
      { ...flagAt(5), archived: true },
      healthy,
      NOW,
      {
        flag: null,
        state: 'aborted',
        action: 'abort',
        reason: 'the flag was archived',
        stepIndex: 0,
        nextStepAt: 0,
      },
    ],
    [
      'pauses when a person ramped the flag',
      plan(),
      flagAt(50),
      healthy,
      NOW,
      {
        flag: null,
        state: 'paused',
        action: 'pause',
        reason: 'the flag was changed outside the plan (now 50%)',
        stepIndex: 0,
        nextStepAt: 0,
      },
    ],
    [
      'pauses when a person turned the flag off',
      plan(),
      flagAt(5, false),
      regression,
      NOW,
      {
        flag: null,
        state: 'paused',
        action: 'pause',
        reason: 'the flag was changed outside the plan (now disabled)',
        stepIndex: 0,
        nextStepAt: 0,
      },
    ],
    [
      'rolls back to 0% on a regression, before the interval is over',
      plan({ nextStepAt: NOW + 300_000 }),
      flagAt(5),
      regression,
      NOW,
      {
        flag: 'ramp 0',
        state: 'rolled_back',
        action: 'rollback',
        reason: 'rolled back to 0%: error rate 10x control',
        stepIndex: 0,
        nextStepAt: 300_000,
      },
    ],
    [
      'disables the flag on a regression when the plan says so',
      plan({ onRegression: 'disable' }),
      flagAt(5),
      regression,
      NOW,
      {
        flag: 'disable',
        state: 'rolled_back',
        action: 'rollback',
        reason: 'disabled: error rate 10x control',
        stepIndex: 0,
        nextStepAt: 0,
      },
    ],
    [
      'waits while the interval is not over',
      plan({ nextStepAt: NOW + 1 }),
      flagAt(5),
      healthy,
      NOW,
      { flag: null, state: null, action: null, reason: null, stepIndex: null, nextStepAt: null },
    ],
    [
      'holds for one more interval with too few samples',
      plan(),
      flagAt(5),
      insufficient,
      NOW,
      {
        flag: null,
        state: 'running',
        action: 'hold',
        reason: 'holding at 5%: too few samples',
        stepIndex: 0,
        nextStepAt: 600_000,
      },
    ],
    [
      'advances to the next step when healthy',
      plan(),
      flagAt(5),
      healthy,
      NOW,
      {
        flag: 'ramp 25',
        state: 'running',
        action: 'advance',
        reason: '5% → 25%: within guards',
        stepIndex: 1,
        nextStepAt: 600_000,
      },
    ],
    [
      'completes when the next step is 100%',
      plan({ stepIndex: 1 }),
      flagAt(25),
      healthy,
      NOW,
      {
        flag: 'ramp 100',
        state: 'completed',
        action: 'complete',
        reason: '25% → 100%: within guards',
        stepIndex: 2,
        nextStepAt: 600_000,
      },
    ],
    [
      'completes without a write when the last step is below 100%',
      plan({ steps: [5, 50], stepIndex: 1 }),
      flagAt(50),
      healthy,
      NOW,
      {
        flag: null,
        state: 'completed',
        action: 'complete',
        reason: 'completed at 50%',
        stepIndex: 1,
        nextStepAt: 0,
      },
    ],
  ])('%s', (_, current, flag, verdict, now, expected) => {
    expect(summary(decideStep(current, flag, { verdict, treatment, control }, now))).toEqual(expected);
  });

  // A Prometheus check blind for too long asks for a pause: at once, not at the end of the interval,
  // and only when the guards see no regression, which still rolls back.
  it('pauses when the reading asks for it, unless the guards see a regression', () => {
    const blind = 'error ratio: Prometheus unreachable for 10 minutes';
    const early = plan({ nextStepAt: NOW + 300_000 });
    const paused = decideStep(early, flagAt(5), { verdict: healthy, treatment, control, pause: blind }, NOW);
    expect(summary(paused)).toEqual({
      flag: null,
      state: 'paused',
      action: 'pause',
      reason: blind,
      stepIndex: 0,
      nextStepAt: 300_000,
    });
    expect(paused.plan?.lastDecision).toEqual({
      at: new Date(NOW).toISOString(),
      action: 'pause',
      reason: blind,
      treatment,
      control,
    });
    const rolledBack = decideStep(
      early,
      flagAt(5),
      { verdict: regression, treatment, control, pause: blind },
      NOW,
    );
    expect(summary(rolledBack)).toMatchObject({ flag: 'ramp 0', state: 'rolled_back', action: 'rollback' });
  });

  it('records the step and the evidence in a rollback', () => {
    const decided = decideStep(plan(), flagAt(5), { verdict: regression, treatment, control }, NOW);
    expect(decided.flagChange?.details).toEqual({
      plan: { steps: [5, 25, 100], step: 0 },
      evidence: { treatment, control, reason: 'error rate 10x control', step: 5, windowSeconds: 120 },
    });
  });

  it('records the evidence in the flag write and the numbers in the decision', () => {
    const decided = decideStep(plan(), flagAt(5), { verdict: healthy, treatment, control }, NOW);
    expect(decided.flagChange?.details).toEqual({
      plan: { steps: [5, 25, 100], step: 1 },
      evidence: { treatment, control, reason: 'within guards', step: 5, windowSeconds: 120 },
    });
    expect(decided.plan?.lastDecision).toEqual({
      at: new Date(NOW).toISOString(),
      action: 'advance',
      reason: '5% → 25%: within guards',
      treatment,
      control,
    });
  });
});
