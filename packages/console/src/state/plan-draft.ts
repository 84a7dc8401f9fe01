import { type FieldProblem, type PlanInput, planInputSchema, validationProblems } from '@switchyard/shared';

export const STEP_PRESETS: readonly (readonly number[])[] = [
  [1, 5, 25, 50, 100],
  [5, 25, 50, 100],
  [10, 50, 100],
];

export const DURATION_UNITS = { seconds: 1, minutes: 60, hours: 3600 } as const;
export type DurationUnit = keyof typeof DURATION_UNITS;

/** The plan form as typed: text fields, so that a half-typed number is not lost. */
export interface PlanDraft {
  stepsText: string;
  interval: string;
  intervalUnit: DurationUnit;
  /** In percent, as people think of error rates; the API takes a fraction. */
  maxErrorRatePercent: string;
  maxErrorRateRatio: string;
  maxP95LatencyRatio: string;
  window: string;
  windowUnit: DurationUnit;
  minSamples: string;
  onRegression: 'rollback' | 'disable';
}

/** What the server fills in for everything but the steps: the shared schema's own defaults. */
export const PLAN_DEFAULTS = planInputSchema.parse({ steps: [100] });

export const stepsText = (steps: readonly number[]) => steps.join(', ');

/** Seconds in the largest unit that divides them: 600 → 10 minutes. */
function inUnit(seconds: number): [string, DurationUnit] {
  if (seconds % 3600 === 0) return [String(seconds / 3600), 'hours'];
  if (seconds % 60 === 0) return [String(seconds / 60), 'minutes'];
  return [String(seconds), 'seconds'];
}

/**
 * The first preset's steps from the flag's current percentage up, so that starting a plan never
 * lowers it by default: 0% → 1, 5, 25, 50, 100; 25% → 25, 50, 100; 30% → 30, 50, 100.
 */
export function defaultSteps(current: number): number[] {
  const preset = STEP_PRESETS[0] ?? [100];
  const above = preset.filter((step) => step >= current);
  return current > 0 && !preset.includes(current) ? [current, ...above] : above;
}

export function defaultPlanDraft(current = 0): PlanDraft {
  const { intervalSeconds, guards, onRegression } = PLAN_DEFAULTS;
  const [interval, intervalUnit] = inUnit(intervalSeconds);
  const [window, windowUnit] = inUnit(guards.windowSeconds);
  return {
    stepsText: stepsText(defaultSteps(current)),
    interval,
    intervalUnit,
    maxErrorRatePercent: String(Number((guards.maxErrorRate * 100).toFixed(4))),
    maxErrorRateRatio: String(guards.maxErrorRateRatio),
    maxP95LatencyRatio: String(guards.maxP95LatencyRatio),
    window,
    windowUnit,
    minSamples: String(guards.minSamples),
    onRegression,
  };
}

const NUMBER = /^(\d+(\.\d*)?|\.\d+)$/;

/**
 * The `PUT .../plan` body of a draft, and every problem with it: first what is not a number at all,
 * then what the shared `planInputSchema` (the server's own check) says, at the same field paths.
 */
export function planDraftInput(draft: PlanDraft): { input: PlanInput; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const number = (text: string, path: string): number => {
    const trimmed = text.trim();
    if (NUMBER.test(trimmed)) return Number(trimmed);
    problems.push({ path, message: trimmed === '' ? 'Enter a number' : `"${trimmed}" is not a number` });
    return Number.NaN;
  };

  const parts = draft.stepsText
    .split(/[\s,]+/)
    .map((part) => part.replace(/%$/, ''))
    .filter((part) => part !== '');
  const steps = parts.map((part) => number(part, 'steps'));
  const percent = number(draft.maxErrorRatePercent, 'guards.maxErrorRate');
  if (percent > 100) problems.push({ path: 'guards.maxErrorRate', message: 'A percentage is at most 100' });

  const input = {
    steps,
    intervalSeconds: number(draft.interval, 'intervalSeconds') * DURATION_UNITS[draft.intervalUnit],
    guards: {
      maxErrorRate: percent / 100,
      maxErrorRateRatio: number(draft.maxErrorRateRatio, 'guards.maxErrorRateRatio'),
      maxP95LatencyRatio: number(draft.maxP95LatencyRatio, 'guards.maxP95LatencyRatio'),
      windowSeconds: number(draft.window, 'guards.windowSeconds') * DURATION_UNITS[draft.windowUnit],
      minSamples: number(draft.minSamples, 'guards.minSamples'),
    },
    onRegression: draft.onRegression,
  } satisfies PlanInput;

  const checked = planInputSchema.safeParse(input);
  if (!checked.success) {
    // A field that is not a number has said so already; the schema would only add "received NaN".
    const said = (path: string) => problems.some((p) => path === p.path || path.startsWith(`${p.path}.`));
    problems.push(
      ...validationProblems(checked.error)
        .filter((p) => !said(p.path))
        .map(inWords),
    );
  }
  return { input, problems };
}

/** The schema counts durations in seconds and error rates as fractions; the form does not. */
function inWords(problem: FieldProblem): FieldProblem {
  if (problem.path === 'intervalSeconds' || problem.path === 'guards.windowSeconds') {
    return { ...problem, message: `${problem.message} (in seconds)` };
  }
  if (problem.path === 'guards.maxErrorRate') return { ...problem, message: 'Enter 0 to 100%' };
  return problem;
}

/** Names of the plan's fields, for the summary above Start. */
export const PLAN_FIELD_NAMES: Record<string, string> = {
  steps: 'Steps',
  intervalSeconds: 'Interval',
  'guards.maxErrorRate': 'Max error rate',
  'guards.maxErrorRateRatio': 'Max error rate vs control',
  'guards.maxP95LatencyRatio': 'Max p95 latency vs control',
  'guards.windowSeconds': 'Window',
  'guards.minSamples': 'Min evaluations per side',
  onRegression: 'On regression',
};
