import { type FieldProblem, type Flag, type PlanInput, percentageOf } from '@switchyard/shared';
import { type FormEvent, useId, useState } from 'react';
import { formatPercent } from '../state/flag-facts.js';
import {
  DURATION_UNITS,
  type DurationUnit,
  defaultPlanDraft,
  PLAN_FIELD_NAMES,
  type PlanDraft,
  planDraftInput,
  STEP_PRESETS,
  stepsText,
} from '../state/plan-draft.js';
import { readablePath } from '../state/problems.js';
import { FieldProblems, invalidProps } from './field-problems.js';

interface PlanFormProps {
  /** The flag as it is: the default steps start at its percentage, and the form says what Start does. */
  flag: Flag;
  busy: boolean;
  /** Problems the server found in the last plan it was sent. */
  serverProblems: readonly FieldProblem[];
  /** Shown when the form replaces an ended plan. */
  onCancel?: () => void;
  onStart(input: PlanInput): void;
}

/** A new guarded rollout: steps, interval, guards and what to do on a regression, checked as typed. */
export function PlanForm({ flag, busy, serverProblems, onCancel, onStart }: PlanFormProps) {
  const id = useId();
  const current = flag.enabled ? (percentageOf(flag) ?? 0) : 0;
  const [draft, setDraft] = useState<PlanDraft>(() => defaultPlanDraft(current));
  const [submitted, setSubmitted] = useState(false);
  const set = (patch: Partial<PlanDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const checked = planDraftInput(draft);
  const problems = [...(submitted ? checked.problems : []), ...serverProblems];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (checked.problems.length === 0) onStart(checked.input);
  };

  const numberField = (key: keyof PlanDraft, path: string, label: string, hint?: string) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        inputMode="decimal"
        value={draft[key]}
        onChange={(e) => set({ [key]: e.target.value })}
        {...invalidProps(problems, path, `${id}-${key}-problems`)}
      />
      {hint && <span className="muted hint">{hint}</span>}
      <FieldProblems id={`${id}-${key}-problems`} problems={problems} path={path} />
    </div>
  );

  const durationField = (
    key: 'interval' | 'window',
    unitKey: 'intervalUnit' | 'windowUnit',
    path: string,
    label: string,
  ) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <div className="with-unit">
        <input
          id={`${id}-${key}`}
          inputMode="numeric"
          value={draft[key]}
          onChange={(e) => set({ [key]: e.target.value })}
          {...invalidProps(problems, path, `${id}-${key}-problems`)}
        />
        <select
          aria-label={`${label} unit`}
          value={draft[unitKey]}
          onChange={(e) => set({ [unitKey]: e.target.value as DurationUnit })}
        >
          {Object.keys(DURATION_UNITS).map((unit) => (
            <option key={unit} value={unit}>
              {unit}
            </option>
          ))}
        </select>
      </div>
      <FieldProblems id={`${id}-${key}-problems`} problems={problems} path={path} />
    </div>
  );

  return (
    <form className="plan-form" onSubmit={submit} noValidate aria-label="Start a guarded rollout">
      <fieldset>
        <legend>Steps</legend>
        <fieldset className="plain">
          <legend className="visually-hidden">Step presets</legend>
          <div className="button-row">
            {STEP_PRESETS.map((preset) => (
              <button
                key={preset.join()}
                type="button"
                aria-pressed={draft.stepsText === stepsText(preset)}
                onClick={() => set({ stepsText: stepsText(preset) })}
              >
                {preset.map((step) => `${step}%`).join(' → ')}
              </button>
            ))}
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-steps`}>Steps (% of users, increasing)</label>
          <input
            id={`${id}-steps`}
            value={draft.stepsText}
            onChange={(e) => set({ stepsText: e.target.value })}
            {...invalidProps(problems, 'steps', `${id}-steps-problems`)}
          />
          <FieldProblems id={`${id}-steps-problems`} problems={problems} path="steps" />
        </div>
        {durationField('interval', 'intervalUnit', 'intervalSeconds', 'Interval at each step')}
      </fieldset>
      <fieldset>
        <legend>Guards: roll back when the treatment (on) does worse than the control (off)</legend>
        <div className="guard-grid">
          {numberField('maxErrorRatePercent', 'guards.maxErrorRate', 'Max error rate (%)')}
          {numberField('maxErrorRateRatio', 'guards.maxErrorRateRatio', 'Max error rate vs control (×)')}
          {numberField('maxP95LatencyRatio', 'guards.maxP95LatencyRatio', 'Max p95 latency vs control (×)')}
          {durationField('window', 'windowUnit', 'guards.windowSeconds', 'Window')}
          {numberField(
            'minSamples',
            'guards.minSamples',
            'Min evaluations per side',
            'before a step may advance',
          )}
        </div>
      </fieldset>
      <fieldset>
        <legend>On regression</legend>
        {(
          [
            ['rollback', 'Roll back to 0%'],
            ['disable', 'Turn the flag off (kill switch)'],
          ] as const
        ).map(([value, label]) => (
          <div className="radio-row" key={value}>
            <input
              type="radio"
              id={`${id}-${value}`}
              name={`${id}-on-regression`}
              checked={draft.onRegression === value}
              onChange={() => set({ onRegression: value })}
            />
            <label htmlFor={`${id}-${value}`}>{label}</label>
          </div>
        ))}
      </fieldset>
      {problems.length > 0 && (
        <div className="problem-summary" role="alert">
          <p>
            Not started: {problems.length} {problems.length === 1 ? 'problem' : 'problems'} to fix
          </p>
          <ul>
            {problems.map((p) => (
              <li key={`${p.path}:${p.message}`}>
                <strong>{PLAN_FIELD_NAMES[p.path] ?? readablePath(p.path)}</strong>: {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <StartsNow flag={flag} current={current} first={checked.input.steps[0]} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy
            ? 'Starting…'
            : lowers(current, checked.input.steps[0])
              ? `Lower to ${formatPercent(checked.input.steps[0] ?? 0)} and start`
              : 'Start guarded rollout'}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

const lowers = (current: number, first: number | undefined) =>
  first !== undefined && Number.isFinite(first) && first < current;

/** What Start does to users right now, above the button that does it; a lower first step is a warning. */
function StartsNow({ flag, current, first }: { flag: Flag; current: number; first: number | undefined }) {
  if (first === undefined || !Number.isFinite(first)) return null;
  const now = flag.enabled ? `it serves ${formatPercent(current)} now` : 'it is off now';
  if (lowers(current, first)) {
    return (
      <p className="notice warning" role="alert" data-testid="plan-starts-now">
        The first step, {formatPercent(first)}, is below the {formatPercent(current)} served now: starting
        takes about {formatPercent(current - first)} of users off the feature at once.
      </p>
    );
  }
  return (
    <p className="muted" data-testid="plan-starts-now">
      Starting sets {flag.key} to {formatPercent(first)} at once and turns it on ({now}); then it moves one
      step per interval while the guards hold.
    </p>
  );
}
