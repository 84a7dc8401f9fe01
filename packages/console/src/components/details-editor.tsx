import type { Flag } from '@switchyard/shared';
import { useId } from 'react';
import { useFlagEditor } from '../state/use-flag-editor.js';
import { EditorSection } from './editor-section.js';
import { FieldProblems, invalidProps } from './field-problems.js';

interface DetailsDraft {
  description: string;
  tags: string;
}

const toDraft = (flag: Flag): DetailsDraft => ({
  description: flag.description ?? '',
  tags: (flag.tags ?? []).join(', '),
});

/** Description and tags: what the flag is for, and how to find it. */
export function DetailsEditor({ flag }: { flag: Flag }) {
  const id = useId();
  const editor = useFlagEditor<DetailsDraft>(flag, 'details', toDraft, (d) => d);
  const draft = editor.draft;
  return (
    <EditorSection
      title="Details"
      what="this flag"
      editor={editor}
      currentVersion={flag.version}
      view={
        <dl className="facts">
          <dt>Description</dt>
          <dd>{flag.description || <span className="muted">none</span>}</dd>
          <dt>Tags</dt>
          <dd>
            {(flag.tags ?? []).length > 0 ? flag.tags?.join(', ') : <span className="muted">none</span>}
          </dd>
          <dt>Type</dt>
          <dd>{flag.type}</dd>
          <dt>Variants</dt>
          <dd>
            {Object.entries(flag.variants)
              .map(([name, value]) => `${name} = ${JSON.stringify(value)}`)
              .join(', ')}
          </dd>
        </dl>
      }
      form={
        draft !== null && (
          <>
            <div className="field wide">
              <label htmlFor={`${id}-description`}>Description</label>
              <textarea
                id={`${id}-description`}
                rows={2}
                value={draft.description}
                onChange={(e) => editor.change({ ...draft, description: e.target.value })}
                {...invalidProps(editor.problems, 'description', `${id}-description-problems`)}
              />
              <FieldProblems
                id={`${id}-description-problems`}
                problems={editor.problems}
                path="description"
              />
            </div>
            <div className="field wide">
              <label htmlFor={`${id}-tags`}>Tags (comma-separated)</label>
              <input
                id={`${id}-tags`}
                value={draft.tags}
                onChange={(e) => editor.change({ ...draft, tags: e.target.value })}
                {...invalidProps(editor.problems, 'tags', `${id}-tags-problems`)}
              />
              <FieldProblems id={`${id}-tags-problems`} problems={editor.problems} path="tags" />
            </div>
          </>
        )
      }
    />
  );
}
