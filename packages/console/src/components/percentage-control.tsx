import { type Flag, isPercentage } from '@switchyard/shared';
import { type FormEvent, useId, useState } from 'react';
import { formatPercent } from '../state/flag-facts.js';

export const PRESET_STEPS = [1, 5, 10, 25, 50, 100] as const;

interface PercentageControlProps {
  percentage: number;
  busy: boolean;
  /** Applying opens "Review and apply" (critical environments) rather than writing at once. */
  reviewed: boolean;
  /** Resolves to the saved flag, or undefined when the ramp was cancelled or refused. */
  onRamp(percentage: number): Promise<Flag | undefined>;
}

/** The reason typed text is not a percentage the server takes (0 to 100, up to 3 decimals), or null. */
export function percentageProblem(text: string): string | null {
  if (!/^\d{1,3}(\.\d+)?$/.test(text.trim())) return 'Enter a number from 0 to 100, such as 12.5';
  const value = Number(text);
  if (value > 100) return 'A percentage is at most 100';
  // In range by now, so all that isPercentage can still refuse is a fourth decimal.
  if (!isPercentage(value)) return 'At most 3 decimals (0.001%)';
  return null;
}

/**
 * Ramp a boolean flag: a preset step or an exact percentage down to 0.001 is only chosen (a click or
 * Enter never writes); the Apply button makes the change, through review where the environment asks.
 */
export function PercentageControl({ percentage, busy, reviewed, onRamp }: PercentageControlProps) {
  const [text, setText] = useState('');
  const [chosen, setChosen] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const inputId = useId();
  const problemId = useId();

  const choose = (value: number) => {
    setProblem(null);
    setChosen(value === percentage ? null : value);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = percentageProblem(text);
    setProblem(found);
    if (found === null) choose(Number(text));
  };
  const apply = async () => {
    if (chosen === null) return;
    // Cancelled or refused, the choice stays, to apply again or to cancel.
    if ((await onRamp(chosen)) === undefined) return;
    setChosen(null);
    setText('');
  };

  return (
    <div className="percentage-control">
      <p className="big-number" aria-live="polite">
        <span className="visually-hidden">Serving on to </span>
        <output data-testid="percentage">{formatPercent(percentage)}</output>
        <span className="muted"> of users get on</span>
      </p>
      <fieldset disabled={busy}>
        <legend>Ramp to</legend>
        <div className="button-row">
          {PRESET_STEPS.map((step) => (
            <button
              key={step}
              type="button"
              aria-pressed={(chosen ?? percentage) === step}
              className={chosen === step ? 'chosen' : undefined}
              onClick={() => choose(step)}
            >
              {step}%
            </button>
          ))}
        </div>
        <form className="inline-form" onSubmit={submit} noValidate>
          <label htmlFor={inputId}>Exact percentage</label>
          <input
            id={inputId}
            type="text"
            inputMode="decimal"
            placeholder="e.g. 12.5"
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-invalid={problem !== null}
            aria-describedby={problem === null ? undefined : problemId}
          />
          <button type="submit">Choose</button>
        </form>
        {problem !== null && (
          <p id={problemId} className="field-problems">
            {problem}
          </p>
        )}
        {chosen !== null && (
          <div className="pending-change" role="status">
            <p>
              {formatPercent(percentage)} → <strong>{formatPercent(chosen)}</strong>: nothing is changed until
              you apply it.
            </p>
            <div className="button-row">
              <button type="button" className="primary" onClick={() => void apply()}>
                {reviewed ? `Review and apply ${formatPercent(chosen)}…` : `Apply ${formatPercent(chosen)}`}
              </button>
              <button type="button" onClick={() => setChosen(null)}>
                Cancel
              </button>
            </div>
          </div>
        )}
      </fieldset>
    </div>
  );
}
