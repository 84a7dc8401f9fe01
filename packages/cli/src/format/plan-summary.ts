import type { Plan, PlanState, VariantWindow } from '@switchyard/shared';
import { formatDuration } from './duration.js';
import { formatPercentage } from './percentage.js';
import { formatTable } from './table.js';
import { formatTime } from './time.js';

const STATE_WORDS: Record<PlanState, string> = {
  running: 'running',
  paused: 'paused',
  completed: 'completed',
  rolled_back: 'rolled back',
  aborted: 'aborted',
};

/** `step 2 of 5 (5%)`. */
export function planPosition(plan: Plan): string {
  const step = plan.steps[plan.stepIndex] ?? null;
  return `step ${plan.stepIndex + 1} of ${plan.steps.length} (${formatPercentage(step)})`;
}

/** `1% → [5%] → 25% → 50% → 100%`: the step the flag is at in brackets. */
export function stepsLine(plan: Plan): string {
  return plan.steps.map((step, i) => (i === plan.stepIndex ? `[${step}%]` : `${step}%`)).join(' → ');
}

/** `2026-06-01 12:10:00 (in 9m 30s)`, against this machine's clock. */
export function nextStepLine(plan: Plan, now: number): string {
  const at = formatTime(new Date(plan.nextStepAt).toISOString());
  const left = Math.round((plan.nextStepAt - now) / 1000);
  return `${at} (${left > 0 ? `in ${formatDuration(left)}` : 'due at the next check'})`;
}

/** What `flags plan <key>` prints: where the plan is, how it decides, and what it last decided. */
export function planSummary(plan: Plan, now: number): string {
  const { guards } = plan;
  const fields: [string, string][] = [
    ['state', stateLine(plan)],
    ['steps', stepsLine(plan)],
    ['interval', `${formatDuration(plan.intervalSeconds)} at each step`],
    [
      'next step',
      plan.state === 'running'
        ? `${nextStepLine(plan, now)}, if the guards hold`
        : plan.state === 'paused'
          ? '- (paused: resuming starts the interval again)'
          : '-',
    ],
    [
      'guards',
      `roll back when the treatment's error rate is over ${rate(guards.maxErrorRate)} or ${guards.maxErrorRateRatio}x the control's, or its p95 latency over ${guards.maxP95LatencyRatio}x the control's`,
    ],
    [
      'window',
      `${formatDuration(guards.windowSeconds)}; a step advances with ${guards.minSamples} evaluations on each side`,
    ],
    [
      'on regression',
      plan.onRegression === 'rollback' ? 'rollback (ramp to 0%)' : 'disable (the kill switch)',
    ],
    ['started', formatTime(plan.startedAt)],
    ['updated', `${formatTime(plan.updatedAt)} (revision ${plan.revision})`],
  ];
  const decision = plan.lastDecision;
  if (decision !== null) {
    fields.push(['last decision', `${decision.action} at ${formatTime(decision.at)}`]);
    fields.push(['reason', decision.reason]);
  }
  const lines = [`${plan.flag} (${plan.environment}): guarded rollout ${STATE_WORDS[plan.state]}`, ''];
  lines.push(...labelled(fields));
  if (decision !== null && (decision.treatment !== null || decision.control !== null)) {
    lines.push('', `over the last ${formatDuration(guards.windowSeconds)} (whole minutes):`);
    lines.push(
      formatTable(
        ['SIDE', 'VARIANT', 'EVALUATIONS', 'ERRORS', 'ERROR RATE', 'P95 LATENCY'],
        [windowRow('treatment', 'on', decision.treatment), windowRow('control', 'off', decision.control)],
      ),
    );
  }
  return lines.join('\n');
}

function stateLine(plan: Plan): string {
  const line = `${STATE_WORDS[plan.state]} at ${planPosition(plan)}`;
  if (plan.state !== 'rolled_back') return line;
  return `${line}: the plan ${plan.onRegression === 'rollback' ? 'ramped the flag to 0%' : 'turned the flag off'}`;
}

function windowRow(side: string, variant: string, window: VariantWindow | null): string[] {
  if (window === null) return [side, variant, '-', '-', '-', '-'];
  return [
    side,
    variant,
    String(window.evaluations),
    String(window.errors),
    window.errorRate === null ? '-' : `${(window.errorRate * 100).toFixed(2)}%`,
    window.p95LatencyMs === null ? '-' : `${window.p95LatencyMs} ms`,
  ];
}

/** `1%`, `0.5%`: a guard's rate as a percentage. */
function rate(value: number): string {
  return `${Number((value * 100).toFixed(4))}%`;
}

function labelled(fields: [string, string][]): string[] {
  const width = Math.max(...fields.map(([label]) => label.length));
  return fields.map(([label, value]) => `${label.padEnd(width)}  ${value}`);
}
