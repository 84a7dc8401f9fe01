import type { Plan, VariantWindow } from '@switchyard/shared';
import { useEffect, useRef, useState } from 'react';
import type { PlanAction } from '../api/admin-api.js';
import { formatPercent } from '../state/flag-facts.js';
import {
  DECISION_LABELS,
  formatDuration,
  formatLimit,
  formatRate,
  isEnded,
  PLAN_STATE_LABELS,
} from '../state/plan-facts.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { RelativeTime } from './relative-time.js';

interface PlanStatusProps {
  plan: Plan;
  environment: string;
  busy: boolean;
  /** Puts the focus on the first control when shown (right after the plan was started). */
  focusOnMount: boolean;
  onAction(action: PlanAction): void;
}

/** Where a plan is, how it decides, what it last decided and on what numbers; pause, resume, abort. */
export function PlanStatus({ plan, environment, busy, focusOnMount, onAction }: PlanStatusProps) {
  const [confirmAbort, setConfirmAbort] = useState(false);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const current = plan.steps[plan.stepIndex] ?? 0;
  const { guards, lastDecision: decision } = plan;

  useEffect(() => {
    if (focusOnMount) toggleRef.current?.focus();
  }, [focusOnMount]);

  // One button for Pause and Resume, so that the focus stays on it when it flips.
  const toggle = plan.state === 'running' ? 'pause' : 'resume';
  return (
    <div className="plan-status">
      <p className="state-line">
        <span className={`badge plan-${plan.state}`} data-testid="plan-state">
          {PLAN_STATE_LABELS[plan.state]}
        </span>{' '}
        at step {plan.stepIndex + 1} of {plan.steps.length} ({formatPercent(current)})
        {plan.state === 'rolled_back' &&
          (plan.onRegression === 'rollback' ? ': the flag was ramped to 0%' : ': the flag was turned off')}
      </p>
      <ol className="plan-steps" aria-label="Steps">
        {plan.steps.map((step, i) => (
          <li
            key={step}
            className={i < plan.stepIndex ? 'done' : i === plan.stepIndex ? 'current' : undefined}
            aria-current={i === plan.stepIndex ? 'step' : undefined}
          >
            {formatPercent(step)}
          </li>
        ))}
      </ol>
      <dl className="facts">
        <dt>Next step</dt>
        <dd data-testid="plan-next-step">{nextStep(plan)}</dd>
        <dt>Interval</dt>
        <dd>{formatDuration(plan.intervalSeconds)} at each step</dd>
        <dt>Guards</dt>
        <dd>
          {`Error rate over ${formatLimit(guards.maxErrorRate)} or ${guards.maxErrorRateRatio}× the control's; `}
          {`p95 latency over ${guards.maxP95LatencyRatio}× the control's. Over the last `}
          {`${formatDuration(guards.windowSeconds)}, with ${guards.minSamples} evaluations per side `}
          before a step advances.
        </dd>
        <dt>On regression</dt>
        <dd>{plan.onRegression === 'rollback' ? 'Roll back to 0%' : 'Turn the flag off (kill switch)'}</dd>
      </dl>
      {decision !== null && (
        <section className="plan-decision" aria-labelledby="plan-decision-heading">
          <h3 id="plan-decision-heading">Last decision</h3>
          <p>
            <span className="action" data-testid="plan-decision-action">
              {DECISION_LABELS[decision.action]}
            </span>{' '}
            · <RelativeTime at={decision.at} />
          </p>
          <p data-testid="plan-decision-reason">{decision.reason}</p>
          {(decision.treatment !== null || decision.control !== null) && (
            <table
              className="table compact"
              aria-label={`Treatment and control over ${formatDuration(guards.windowSeconds)}`}
            >
              <thead>
                <tr>
                  <th scope="col">Side</th>
                  <th scope="col">Evaluations</th>
                  <th scope="col">Errors</th>
                  <th scope="col">Error rate</th>
                  <th scope="col">p95 latency</th>
                </tr>
              </thead>
              <tbody>
                <WindowRow side="Treatment (on)" window={decision.treatment} />
                <WindowRow side="Control (off)" window={decision.control} />
              </tbody>
            </table>
          )}
        </section>
      )}
      {plan.state === 'running' && (
        <p className="muted">Ramping, editing or turning off the flag by hand pauses the plan.</p>
      )}
      {!isEnded(plan) && (
        <div className="button-row">
          <button
            ref={toggleRef}
            type="button"
            aria-disabled={busy}
            onClick={() => {
              if (!busy) onAction(toggle);
            }}
          >
            {toggle === 'pause' ? 'Pause' : 'Resume'}
          </button>
          <button type="button" className="danger" disabled={busy} onClick={() => setConfirmAbort(true)}>
            Abort…
          </button>
        </div>
      )}
      <ConfirmDialog
        open={confirmAbort}
        title={`Abort the rollout of ${plan.flag}?`}
        confirmLabel="Abort rollout"
        danger
        onCancel={() => setConfirmAbort(false)}
        onConfirm={() => {
          setConfirmAbort(false);
          onAction('abort');
        }}
      >
        <p>
          The plan stops for good and ramps no further. The flag stays as it is in{' '}
          <strong>{environment}</strong>: ramp it, turn it off or start a new plan by hand.
        </p>
      </ConfirmDialog>
    </div>
  );
}

function nextStep(plan: Plan) {
  if (plan.state === 'paused') return 'Paused: resuming starts the interval again.';
  if (plan.state !== 'running') return '—';
  const at = new Date(plan.nextStepAt);
  const next = plan.steps[plan.stepIndex + 1];
  const to = next === undefined ? 'completes' : `goes to ${formatPercent(next)}`;
  return (
    <>
      {at.getTime() <= Date.now() ? 'due at the next check' : <RelativeTime at={at.toISOString()} />} (
      {at.toLocaleTimeString()}): {to} if the guards hold
    </>
  );
}

function WindowRow({ side, window }: { side: string; window: VariantWindow | null }) {
  return (
    <tr>
      <th scope="row">{side}</th>
      <td>{window?.evaluations ?? '—'}</td>
      <td>{window?.errors ?? '—'}</td>
      <td>{formatRate(window?.errorRate ?? null)}</td>
      <td>{window?.p95LatencyMs == null ? '—' : `${window.p95LatencyMs} ms`}</td>
    </tr>
  );
}
