import { type PlanInput, planInputSchema, validationProblems } from '@switchyard/shared';
import { usageError } from '../errors.js';
import { stringOption } from './arguments.js';
import type { OptionSpec, OptionValues } from './command.js';

/** The options of `flags plan start`; each one left out takes the server's default. */
export const PLAN_OPTIONS = {
  steps: {
    type: 'string',
    value: 'list',
    description: 'percentages to ramp through, increasing, such as 1,5,25,50,100 (required)',
  },
  interval: {
    type: 'string',
    value: 'duration',
    description: 'time at each step before the next one: 600, 90s, 10m, 1h (default 10m)',
  },
  'max-error-rate': {
    type: 'string',
    value: 'rate',
    description: 'roll back when the treatment fails more often than this: 0.01 or 1% (default 1%)',
  },
  'max-error-ratio': {
    type: 'string',
    value: 'x',
    description: "roll back when the treatment's error rate is over x times the control's (default 2)",
  },
  'max-p95-ratio': {
    type: 'string',
    value: 'x',
    description: "roll back when the treatment's p95 latency is over x times the control's (default 2)",
  },
  window: {
    type: 'string',
    value: 'duration',
    description: 'how far back the guards look: 120, 2m (default 2m)',
  },
  'min-samples': {
    type: 'string',
    value: 'n',
    description: 'evaluations each side needs before a step may advance (default 200)',
  },
  'on-regression': {
    type: 'string',
    value: 'action',
    description: 'rollback (ramp to 0%, the default) or disable (the kill switch)',
  },
} as const satisfies Record<string, OptionSpec>;

type PlanOption = keyof typeof PLAN_OPTIONS;

/** Which option a field of the plan input comes from, to name it in a usage error. */
const OPTION_OF_FIELD: Record<string, PlanOption> = {
  steps: 'steps',
  intervalSeconds: 'interval',
  'guards.maxErrorRate': 'max-error-rate',
  'guards.maxErrorRateRatio': 'max-error-ratio',
  'guards.maxP95LatencyRatio': 'max-p95-ratio',
  'guards.windowSeconds': 'window',
  'guards.minSamples': 'min-samples',
  onRegression: 'on-regression',
};

const DECIMAL = /^(\d+(\.\d*)?|\.\d+)$/;
const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/**
 * The body of `PUT .../plan` from the command line, checked with the shared `planInputSchema`
 * before anything is sent: every problem is a usage error (exit 2) that names its option.
 */
export function planInputOf(options: OptionValues): PlanInput {
  const given = (name: PlanOption) => stringOption(options, name);
  const stepsText = given('steps');
  if (stepsText === undefined) throw usageError('--steps is required, such as --steps 1,5,25,50,100');

  const guards: NonNullable<PlanInput['guards']> = {};
  const maxErrorRate = given('max-error-rate');
  if (maxErrorRate !== undefined) guards.maxErrorRate = rateOf(maxErrorRate);
  const maxErrorRatio = given('max-error-ratio');
  if (maxErrorRatio !== undefined) guards.maxErrorRateRatio = ratioOf('max-error-ratio', maxErrorRatio);
  const maxP95Ratio = given('max-p95-ratio');
  if (maxP95Ratio !== undefined) guards.maxP95LatencyRatio = ratioOf('max-p95-ratio', maxP95Ratio);
  const window = given('window');
  if (window !== undefined) guards.windowSeconds = secondsOf('window', window);
  const minSamples = given('min-samples');
  if (minSamples !== undefined) {
    if (!/^\d+$/.test(minSamples.trim()))
      throw usageError(`--min-samples must be a whole number; got "${minSamples}"`);
    guards.minSamples = Number(minSamples);
  }

  const input: PlanInput = { steps: stepsOf(stepsText) };
  const interval = given('interval');
  if (interval !== undefined) input.intervalSeconds = secondsOf('interval', interval);
  if (Object.keys(guards).length > 0) input.guards = guards;
  const onRegression = given('on-regression');
  if (onRegression !== undefined) {
    if (onRegression !== 'rollback' && onRegression !== 'disable')
      throw usageError(`--on-regression must be rollback or disable; got "${onRegression}"`);
    input.onRegression = onRegression;
  }

  const checked = planInputSchema.safeParse(input);
  if (!checked.success) {
    const [problem] = validationProblems(checked.error);
    if (problem !== undefined) throw usageError(describeProblem(problem.path, problem.message, options));
  }
  return input;
}

/** `--steps 1,5,101: step 3 (101%): Too big: ...`, `--interval 10d: Too big: ... (seconds)`. */
function describeProblem(path: string, message: string, options: OptionValues): string {
  const [field = '', index] = path.startsWith('steps') ? path.split('.') : [path];
  const option = OPTION_OF_FIELD[field];
  if (option === undefined) return `the plan is not valid: ${path}: ${message}`;
  const given = `--${option} ${stringOption(options, option) ?? ''}`;
  if (option === 'steps' && index !== undefined) {
    const steps = stepsOf(stringOption(options, 'steps') ?? '');
    return `${given}: step ${Number(index) + 1} (${steps[Number(index)]}%): ${message}`;
  }
  const unit = option === 'interval' || option === 'window' ? ' (seconds)' : '';
  return `${given}: ${message}${unit}`;
}

/** `1,5,25,50,100` (a `%` after each is fine) as numbers; the schema checks their range and order. */
function stepsOf(text: string): number[] {
  return text.split(',').map((part) => {
    const step = part.trim().replace(/%$/, '');
    if (!DECIMAL.test(step)) {
      throw usageError(
        `--steps takes increasing percentages separated by commas, such as 1,5,25,50,100; got "${part.trim()}" in "${text}"`,
      );
    }
    return Number(step);
  });
}

/** `0.01` or `1%`: a share of evaluations. */
function rateOf(text: string): number {
  const trimmed = text.trim();
  const percent = trimmed.endsWith('%');
  const number = percent ? trimmed.slice(0, -1) : trimmed;
  if (!DECIMAL.test(number))
    throw usageError(`--max-error-rate must be a rate such as 0.01 or 1%; got "${text}"`);
  return percent ? Number(number) / 100 : Number(number);
}

/** `2` or `2x`. */
function ratioOf(option: PlanOption, text: string): number {
  const number = text.trim().replace(/x$/i, '');
  if (!DECIMAL.test(number)) throw usageError(`--${option} must be a number such as 2 or 1.5; got "${text}"`);
  return Number(number);
}

/** Seconds from `600`, `90s`, `10m`, `1h30m` or `1d`. */
function secondsOf(option: PlanOption, text: string): number {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const match = DURATION.exec(trimmed);
  if (trimmed === '' || match === null) {
    throw usageError(
      `--${option} must be seconds or a duration such as 600, 90s, 10m or 1h30m; got "${text}"`,
    );
  }
  const [, d = '0', h = '0', m = '0', s = '0'] = match;
  return Number(d) * 86_400 + Number(h) * 3600 + Number(m) * 60 + Number(s);
}
