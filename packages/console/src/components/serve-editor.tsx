import type { FieldProblem } from '@switchyard/shared';
import { useId } from 'react';
import type { ServeDraft } from '../state/flag-draft.js';
import { FieldProblems } from './field-problems.js';
import { VariantField } from './variant-field.js';

interface ServeEditorProps {
  serve: ServeDraft;
  path: string;
  variants: readonly string[];
  problems: readonly FieldProblem[];
  onChange(serve: ServeDraft): void;
}

/** What a rule serves: one variant, or a percentage split between variants. */
export function ServeEditor({ serve, path, variants, problems, onChange }: ServeEditorProps) {
  const id = useId();
  const set = (patch: Partial<ServeDraft>) => onChange({ ...serve, ...patch });
  const total = variants.reduce((sum, v) => sum + (Number(serve.weights[v] ?? 0) || 0), 0);

  return (
    <fieldset className="serve">
      <legend>Serve</legend>
      <div className="radio-row">
        <input
          id={`${id}-variant-mode`}
          type="radio"
          name={`${id}-mode`}
          checked={serve.mode === 'variant'}
          onChange={() => set({ mode: 'variant' })}
        />
        <label htmlFor={`${id}-variant-mode`}>One variant</label>
        <input
          id={`${id}-rollout-mode`}
          type="radio"
          name={`${id}-mode`}
          checked={serve.mode === 'rollout'}
          onChange={() => set({ mode: 'rollout' })}
        />
        <label htmlFor={`${id}-rollout-mode`}>Percentage split</label>
      </div>
      {serve.mode === 'variant' ? (
        <VariantField
          id={id}
          path={`${path}.variant`}
          value={serve.variant}
          variants={variants}
          problems={problems}
          onChange={(variant) => set({ variant })}
        />
      ) : (
        <div className="split">
          {variants.map((v) => (
            <div className="field" key={v}>
              <label htmlFor={`${id}-weight-${v}`}>{v} %</label>
              <input
                id={`${id}-weight-${v}`}
                inputMode="decimal"
                value={serve.weights[v] ?? ''}
                onChange={(e) => set({ weights: { ...serve.weights, [v]: e.target.value } })}
              />
            </div>
          ))}
          <div className="field">
            <label htmlFor={`${id}-bucket`}>Bucket by</label>
            <input
              id={`${id}-bucket`}
              placeholder="userId"
              value={serve.bucketBy}
              onChange={(e) => set({ bucketBy: e.target.value })}
            />
          </div>
          <p className="muted">Total {Number(total.toFixed(3))}% (must be 100%)</p>
          <FieldProblems id={`${id}-rollout-problems`} problems={problems} path={`${path}.rollout`} />
        </div>
      )}
    </fieldset>
  );
}
