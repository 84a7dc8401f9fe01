import type { FieldProblem } from '@switchyard/shared';
import { useId } from 'react';
import { emptyClause } from '../state/clause-draft.js';
import type { SegmentDraft } from '../state/segment-draft.js';
import { ClauseEditor } from './clause-editor.js';
import { FieldProblems, invalidProps } from './field-problems.js';

interface SegmentFormProps {
  draft: SegmentDraft;
  problems: readonly FieldProblem[];
  onChange(draft: SegmentDraft): void;
}

/** Included and excluded user ids, and rules that match users by their attributes. */
export function SegmentForm({ draft, problems, onChange }: SegmentFormProps) {
  const id = useId();
  const set = (patch: Partial<SegmentDraft>) => onChange({ ...draft, ...patch });
  const setRule = (i: number, rule: SegmentDraft['rules'][number]) =>
    set({ rules: draft.rules.map((r, j) => (j === i ? rule : r)) });

  return (
    <>
      <div className="field wide">
        <label htmlFor={`${id}-description`}>Description</label>
        <input
          id={`${id}-description`}
          value={draft.description}
          onChange={(e) => set({ description: e.target.value })}
        />
      </div>
      <div className="clause-grid">
        {(['included', 'excluded'] as const).map((list) => (
          <div className="field" key={list}>
            <label htmlFor={`${id}-${list}`}>
              {list === 'included' ? 'Included' : 'Excluded'} user ids (one per line)
            </label>
            <textarea
              id={`${id}-${list}`}
              rows={4}
              value={draft[`${list}Text`]}
              onChange={(e) => set({ [`${list}Text`]: e.target.value })}
              {...invalidProps(problems, list, `${id}-${list}-problems`)}
            />
            <FieldProblems id={`${id}-${list}-problems`} problems={problems} path={list} />
          </div>
        ))}
      </div>
      {draft.rules.map((rule, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rules are edited in place, by position
        <fieldset className="rule" key={i}>
          <legend>Rule {i + 1}</legend>
          {rule.clauses.map((clause, j) => (
            <ClauseEditor
              // biome-ignore lint/suspicious/noArrayIndexKey: clauses are edited in place, by position
              key={j}
              clause={clause}
              path={`rules.${i}.clauses.${j}`}
              label={`Clause ${j + 1}`}
              problems={problems}
              allowSegments={false}
              onChange={(next) =>
                setRule(i, { ...rule, clauses: rule.clauses.map((c, k) => (k === j ? next : c)) })
              }
              onRemove={() => setRule(i, { ...rule, clauses: rule.clauses.filter((_, k) => k !== j) })}
            />
          ))}
          <button
            type="button"
            onClick={() => setRule(i, { ...rule, clauses: [...rule.clauses, emptyClause()] })}
          >
            Add clause to rule {i + 1}
          </button>
          <button
            type="button"
            className="link"
            onClick={() => set({ rules: draft.rules.filter((_, j) => j !== i) })}
          >
            Remove rule {i + 1}
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        onClick={() => set({ rules: [...draft.rules, { id: '', clauses: [emptyClause()] }] })}
      >
        Add rule
      </button>
    </>
  );
}
