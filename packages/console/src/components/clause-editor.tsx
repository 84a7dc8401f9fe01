import { type FieldProblem, OPERATORS, type Operator } from '@switchyard/shared';
import { useId } from 'react';
import { attributesInUse } from '../state/attributes-in-use.js';
import { type ClauseDraft, lines, type ValueType } from '../state/clause-draft.js';
import { useRuleset } from '../state/live-environment.js';
import { FieldProblems, invalidProps } from './field-problems.js';

export const OPERATOR_LABELS: Record<Operator, string> = {
  in: 'is one of',
  startsWith: 'starts with',
  endsWith: 'ends with',
  contains: 'contains',
  matches: 'matches regex',
  lt: '<',
  lte: '≤',
  gt: '>',
  gte: '≥',
  before: 'is before (date)',
  after: 'is after (date)',
  semverEq: 'version =',
  semverLt: 'version <',
  semverLte: 'version ≤',
  semverGt: 'version >',
  semverGte: 'version ≥',
  inSegment: 'is in segment',
};

interface ClauseEditorProps {
  clause: ClauseDraft;
  /** e.g. `rules.0.clauses.1`, where the schema reports this clause's problems. */
  path: string;
  label: string;
  problems: readonly FieldProblem[];
  /** Segment rules cannot refer to segments. */
  allowSegments: boolean;
  onChange(clause: ClauseDraft): void;
  onRemove(): void;
}

/** One condition: attribute, operator, values (one per line) and "not". */
export function ClauseEditor({
  clause,
  path,
  label,
  problems,
  allowSegments,
  onChange,
  onRemove,
}: ClauseEditorProps) {
  const id = useId();
  const set = (patch: Partial<ClauseDraft>) => onChange({ ...clause, ...patch });
  const segment = clause.op === 'inSegment';
  const ops = allowSegments ? OPERATORS : OPERATORS.filter((op) => op !== 'inSegment');
  const ruleset = useRuleset();
  const segmentKeys = Object.keys(ruleset.segments).sort();
  const chosen = lines(clause.valuesText);
  const toggle = (key: string, on: boolean) =>
    set({ valuesText: (on ? [...chosen, key] : chosen.filter((k) => k !== key)).join('\n') });

  return (
    <fieldset className="clause">
      <legend>{label}</legend>
      <div className="clause-grid">
        {!segment && (
          <div className="field">
            <label htmlFor={`${id}-attribute`}>Attribute</label>
            <input
              id={`${id}-attribute`}
              value={clause.attribute}
              placeholder="e.g. email"
              list={`${id}-attributes`}
              onChange={(e) => set({ attribute: e.target.value })}
              {...invalidProps(problems, `${path}.attribute`, `${id}-attribute-problems`)}
            />
            {/* Names the environment's flags and segments already test. */}
            <datalist id={`${id}-attributes`}>
              {attributesInUse(ruleset.flags, ruleset.segments).map((name) => (
                <option key={name} value={name} />
              ))}
            </datalist>
            <FieldProblems id={`${id}-attribute-problems`} problems={problems} path={`${path}.attribute`} />
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-op`}>Operator</label>
          <select
            id={`${id}-op`}
            value={clause.op}
            onChange={(e) => set({ op: e.target.value as Operator })}
            {...invalidProps(problems, `${path}.op`, `${id}-op-problems`)}
          >
            {ops.map((op) => (
              <option key={op} value={op}>
                {OPERATOR_LABELS[op]} ({op})
              </option>
            ))}
          </select>
          <FieldProblems id={`${id}-op-problems`} problems={problems} path={`${path}.op`} />
        </div>
        <div className="field checkbox">
          <input
            id={`${id}-negate`}
            type="checkbox"
            checked={clause.negate}
            onChange={(e) => set({ negate: e.target.checked })}
          />
          <label htmlFor={`${id}-negate`}>Negate (match when this is not true)</label>
        </div>
        {segment ? (
          // Picked from the environment's segments: a typed key could name a segment that does not exist.
          <fieldset className="field wide plain" aria-describedby={`${id}-values-problems`}>
            <legend>Segments</legend>
            {segmentKeys.length === 0 && (
              <p className="muted">No segments in this environment yet: create one under Segments first.</p>
            )}
            {[...new Set([...segmentKeys, ...chosen])].map((key) => (
              <div className="radio-row" key={key}>
                <input
                  type="checkbox"
                  id={`${id}-segment-${key}`}
                  checked={chosen.includes(key)}
                  onChange={(e) => toggle(key, e.target.checked)}
                />
                <label htmlFor={`${id}-segment-${key}`}>
                  {key}
                  {!segmentKeys.includes(key) && ' (no such segment)'}
                </label>
              </div>
            ))}
            <FieldProblems id={`${id}-values-problems`} problems={problems} path={`${path}.values`} />
          </fieldset>
        ) : (
          <div className="field wide">
            <label htmlFor={`${id}-values`}>Values (one per line)</label>
            <textarea
              id={`${id}-values`}
              rows={Math.max(2, Math.min(6, clause.valuesText.split('\n').length))}
              value={clause.valuesText}
              onChange={(e) => set({ valuesText: e.target.value })}
              {...invalidProps(problems, `${path}.values`, `${id}-values-problems`)}
            />
            <FieldProblems id={`${id}-values-problems`} problems={problems} path={`${path}.values`} />
          </div>
        )}
        {clause.op === 'in' && (
          <div className="field">
            <label htmlFor={`${id}-type`}>Values are</label>
            <select
              id={`${id}-type`}
              value={clause.valueType}
              onChange={(e) => set({ valueType: e.target.value as ValueType })}
            >
              <option value="text">text</option>
              <option value="number">numbers</option>
              <option value="boolean">true / false</option>
            </select>
          </div>
        )}
      </div>
      <button type="button" className="link" onClick={onRemove}>
        Remove {label.toLowerCase()}
      </button>
    </fieldset>
  );
}
