import type { FieldProblem, Flag } from '@switchyard/shared';
import { useId } from 'react';
import { type TargetDraft, targetsToDraft } from '../state/flag-draft.js';
import { useFlagEditor } from '../state/use-flag-editor.js';
import { EditorSection } from './editor-section.js';
import { FieldProblems, invalidProps } from './field-problems.js';
import { VariantField } from './variant-field.js';

/** Individual users who get a given variant, whatever the rules and rollout say. */
export function TargetsEditor({ flag }: { flag: Flag }) {
  const editor = useFlagEditor<TargetDraft[]>(flag, 'targets', targetsToDraft, (targets) => ({ targets }));
  const variants = Object.keys(flag.variants);
  const targets = flag.targets ?? [];

  return (
    <EditorSection
      title="Targets"
      what="this flag"
      editor={editor}
      currentVersion={flag.version}
      view={
        targets.length === 0 ? (
          <p className="muted">
            No targets. A target serves a variant to users you name by id (a tester, a customer), before any
            rule. Edit targets to add some.
          </p>
        ) : (
          <ul className="plain-list">
            {targets.map((t) => (
              <li key={`${t.variant}:${t.values.join(',')}`}>
                <strong>{t.variant}</strong>: {t.values.length === 0 ? <em>nobody</em> : t.values.join(', ')}
              </li>
            ))}
          </ul>
        )
      }
      form={
        editor.draft !== null && (
          <>
            {editor.draft.map((target, i) => (
              <TargetRow
                // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
                key={i}
                index={i}
                target={target}
                variants={variants}
                problems={editor.problems}
                onChange={(next) => editor.change(editor.draft?.map((t, j) => (j === i ? next : t)) ?? [])}
                onRemove={() => editor.change(editor.draft?.filter((_, j) => j !== i) ?? [])}
              />
            ))}
            <button
              type="button"
              onClick={() =>
                editor.change([...(editor.draft ?? []), { variant: variants[0] ?? '', valuesText: '' }])
              }
            >
              Add target
            </button>
          </>
        )
      }
    />
  );
}

interface TargetRowProps {
  index: number;
  target: TargetDraft;
  variants: readonly string[];
  problems: readonly FieldProblem[];
  onChange(target: TargetDraft): void;
  onRemove(): void;
}

function TargetRow({ index, target, variants, problems, onChange, onRemove }: TargetRowProps) {
  const id = useId();
  const path = `targets.${index}`;
  return (
    <fieldset className="target">
      <legend>Target {index + 1}</legend>
      <VariantField
        id={id}
        path={`${path}.variant`}
        value={target.variant}
        variants={variants}
        problems={problems}
        onChange={(variant) => onChange({ ...target, variant })}
      />
      <div className="field wide">
        <label htmlFor={`${id}-values`}>User ids (one per line)</label>
        <textarea
          id={`${id}-values`}
          rows={3}
          value={target.valuesText}
          onChange={(e) => onChange({ ...target, valuesText: e.target.value })}
          {...invalidProps(problems, `${path}.values`, `${id}-values-problems`)}
        />
        <FieldProblems id={`${id}-values-problems`} problems={problems} path={`${path}.values`} />
      </div>
      <button type="button" className="link" onClick={onRemove}>
        Remove target {index + 1}
      </button>
    </fieldset>
  );
}
