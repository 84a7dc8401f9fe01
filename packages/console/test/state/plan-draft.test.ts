import { describe, expect, it } from 'vitest';
import {
  defaultPlanDraft,
  defaultSteps,
  type PlanDraft,
  planDraftInput,
} from '../../src/state/plan-draft.js';

const draft = (patch: Partial<PlanDraft> = {}): PlanDraft => ({ ...defaultPlanDraft(), ...patch });

describe('the plan form', () => {
  it("starts from the shared schema's defaults, in the units people read", () => {
    expect(defaultPlanDraft()).toEqual({
      stepsText: '1, 5, 25, 50, 100',
      interval: '10',
      intervalUnit: 'minutes',
      maxErrorRatePercent: '1',
      maxErrorRateRatio: '2',
      maxP95LatencyRatio: '2',
      window: '2',
      windowUnit: 'minutes',
      minSamples: '200',
      onRegression: 'rollback',
    });
    expect(planDraftInput(defaultPlanDraft())).toEqual({
      input: {
        steps: [1, 5, 25, 50, 100],
        intervalSeconds: 600,
        guards: {
          maxErrorRate: 0.01,
          maxErrorRateRatio: 2,
          maxP95LatencyRatio: 2,
          windowSeconds: 120,
          minSamples: 200,
        },
        onRegression: 'rollback',
      },
      problems: [],
    });
  });

  it('reads steps with commas, spaces or %, durations in their unit and the error rate in percent', () => {
    const { input, problems } = planDraftInput(
      draft({
        stepsText: '2.5%, 10% 100',
        interval: '90',
        intervalUnit: 'seconds',
        window: '1',
        windowUnit: 'hours',
        maxErrorRatePercent: '0.5',
      }),
    );
    expect(problems).toEqual([]);
    expect(input).toMatchObject({
      steps: [2.5, 10, 100],
      intervalSeconds: 90,
      guards: { windowSeconds: 3600, maxErrorRate: 0.005 },
    });
  });

  it("names each field's problem once: what is not a number, then what the shared schema says", () => {
    expect(
      planDraftInput(draft({ stepsText: '1, five, 100', minSamples: '', maxErrorRateRatio: '0.5' })).problems,
    ).toEqual([
      { path: 'steps', message: '"five" is not a number' },
      { path: 'guards.minSamples', message: 'Enter a number' },
      { path: 'guards.maxErrorRateRatio', message: 'Too small: expected number to be >=1' },
    ]);
    expect(planDraftInput(draft({ stepsText: '50, 25' })).problems).toEqual([
      { path: 'steps.1', message: 'steps must increase' },
    ]);
    expect(planDraftInput(draft({ stepsText: '' })).problems).toEqual([
      { path: 'steps', message: 'needs at least one step' },
    ]);
    expect(planDraftInput(draft({ interval: '8', intervalUnit: 'hours' })).problems).toEqual([]);
    expect(planDraftInput(draft({ interval: '200', intervalUnit: 'hours' })).problems).toEqual([
      { path: 'intervalSeconds', message: 'Too big: expected number to be <=604800 (in seconds)' },
    ]);
    expect(planDraftInput(draft({ maxErrorRatePercent: '101' })).problems).toEqual([
      { path: 'guards.maxErrorRate', message: 'A percentage is at most 100' },
    ]);
    expect(planDraftInput(draft({ minSamples: '2.5' })).problems).toEqual([
      { path: 'guards.minSamples', message: 'Invalid input: expected int, received number' },
    ]);
  });

  it('starts the default steps at the percentage served now, never below it', () => {
    expect(defaultSteps(0)).toEqual([1, 5, 25, 50, 100]);
    expect(defaultSteps(25)).toEqual([25, 50, 100]);
    expect(defaultSteps(30)).toEqual([30, 50, 100]);
    expect(defaultSteps(100)).toEqual([100]);
    expect(defaultPlanDraft(25).stepsText).toBe('25, 50, 100');
  });
});
