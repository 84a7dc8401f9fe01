import type { FieldProblem, Flag } from '@switchyard/shared';
import { useId } from 'react';
import { emptyClause } from '../state/clause-draft.js';
import { type RuleDraft, rulesToDraft, serveToDraft } from '../state/flag-draft.js';
import { describeRule } from '../state/flag-facts.js';
import { problemsAt } from '../state/problems.js';
import { useFlagEditor } from '../state/use-flag-editor.js';
import { ClauseEditor } from './clause-editor.js';
import { EditorSection } from './editor-section.js';
import { FieldProblems, invalidProps } from './field-problems.js';
import { ServeEditor } from './serve-editor.js';

/** Rules, first match wins: clauses that must all match, and what to serve then. */
export function RulesEditor({ flag }: { flag: Flag }) {
  const editor = useFlagEditor<RuleDraft[]>(flag, 'rules', rulesToDraft, (rules) => ({ rules }));
  const variants = Object.keys(flag.variants);
  const rules = flag.rules ?? [];
  const draft = editor.draft ?? [];
  const replace = (i: number, rule: RuleDraft) => editor.change(draft.map((r, j) => (j === i ? rule : r)));
  const move = (i: number, by: number) => {
    const next = [...draft];
    const [rule] = next.splice(i, 1);
    if (rule !== undefined) next.splice(i + by, 0, rule);
    editor.change(next);
  };

  return (
    <EditorSection
      title="Rules"
      what="this flag"
      editor={editor}
      currentVersion={flag.version}
      view={
        rules.length === 0 ? (
          <p className="muted">
            No rules. A rule serves a variant to the users it matches (an attribute, such as plan is pro, or a
            segment), before "Everyone else". Edit rules to add the first one.
          </p>
        ) : (
          <ol className="rule-list">
            {rules.map((rule, i) => (
              <li key={rule.id ?? i}>
                {describeRule(rule)}
                {rule.description && <span className="muted"> — {rule.description}</span>}
              </li>
            ))}
          </ol>
        )
      }
      form={
        <>
          {draft.map((rule, i) => (
            <RuleForm
              // biome-ignore lint/suspicious/noArrayIndexKey: rules are edited in place, by position
              key={i}
              index={i}
              count={draft.length}
              rule={rule}
              variants={variants}
              problems={editor.problems}
              onChange={(next) => replace(i, next)}
              onMove={(by) => move(i, by)}
              onRemove={() => editor.change(draft.filter((_, j) => j !== i))}
            />
          ))}
          <button
            type="button"
            onClick={() =>
              editor.change([
                ...draft,
                {
                  id: '',
                  description: '',
                  clauses: [emptyClause()],
                  serve: serveToDraft({ variant: variants[0] ?? '' }, variants),
                },
              ])
            }
          >
            Add rule
          </button>
        </>
      }
    />
  );
}

interface RuleFormProps {
  index: number;
  count: number;
  rule: RuleDraft;
  variants: readonly string[];
  problems: readonly FieldProblem[];
  onChange(rule: RuleDraft): void;
  onMove(by: number): void;
  onRemove(): void;
}

function RuleForm({ index, count, rule, variants, problems, onChange, onMove, onRemove }: RuleFormProps) {
  const id = useId();
  const path = `rules.${index}`;
  const set = (patch: Partial<RuleDraft>) => onChange({ ...rule, ...patch });
  const idProblems = problemsAt(problems, `${path}.id`).length > 0;
  return (
    <fieldset className="rule">
      <legend>Rule {index + 1}</legend>
      <div className="field">
        <label htmlFor={`${id}-description`}>Description (optional)</label>
        <input
          id={`${id}-description`}
          value={rule.description}
          onChange={(e) => set({ description: e.target.value })}
        />
      </div>
      {rule.clauses.map((clause, j) => (
        <ClauseEditor
          // biome-ignore lint/suspicious/noArrayIndexKey: clauses are edited in place, by position
          key={j}
          clause={clause}
          path={`${path}.clauses.${j}`}
          label={`Clause ${j + 1}`}
          problems={problems}
          allowSegments
          onChange={(next) => set({ clauses: rule.clauses.map((c, k) => (k === j ? next : c)) })}
          onRemove={() => set({ clauses: rule.clauses.filter((_, k) => k !== j) })}
        />
      ))}
      <button type="button" onClick={() => set({ clauses: [...rule.clauses, emptyClause()] })}>
        Add clause to rule {index + 1}
      </button>
      <ServeEditor
        serve={rule.serve}
        path={`${path}.serve`}
        variants={variants}
        problems={problems}
        onChange={(serve) => set({ serve })}
      />
      {/* The id is for tools (the API, metrics); collapsed unless it has something to say. */}
      <details className="advanced" open={idProblems || undefined}>
        <summary>Advanced</summary>
        <div className="field">
          <label htmlFor={`${id}-id`}>Rule id (optional, for the API and tools)</label>
          <input
            id={`${id}-id`}
            value={rule.id}
            onChange={(e) => set({ id: e.target.value })}
            {...invalidProps(problems, `${path}.id`, `${id}-id-problems`)}
          />
          <FieldProblems id={`${id}-id-problems`} problems={problems} path={`${path}.id`} />
        </div>
      </details>
      <div className="button-row">
        <button type="button" disabled={index === 0} onClick={() => onMove(-1)}>
          Move rule {index + 1} up
        </button>
        <button type="button" disabled={index === count - 1} onClick={() => onMove(1)}>
          Move rule {index + 1} down
        </button>
        <button type="button" className="link" onClick={onRemove}>
          Remove rule {index + 1}
        </button>
      </div>
    </fieldset>
  );
}
