import { type FormEvent, type ReactNode, useEffect, useRef } from 'react';
import type { FlagEditor } from '../state/use-flag-editor.js';
import { ProblemSummary } from './field-problems.js';
import { WriteNotice } from './write-notice.js';

interface EditorSectionProps {
  title: string;
  /** What the section is about, for the Edit button's accessible name ("Edit targets"). */
  what: string;
  /** The section's draft, problems and write, from `useFlagEditor`. */
  editor: FlagEditor<unknown>;
  /** The version the live flag is at now. */
  currentVersion: number;
  view: ReactNode;
  form: ReactNode;
}

/** A section that shows the live flag, or an edit form of the version the user opened. */
export function EditorSection({ title, what, editor, currentVersion, view, form }: EditorSectionProps) {
  const { stale, baseVersion, problems } = editor;
  const writeState = editor.write.state;
  const editing = editor.draft !== null;
  const busy = writeState.status === 'busy';
  const formRef = useRef<HTMLFormElement>(null);
  const editButtonRef = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(editing);
  // Keyboard users land in the form when it opens, and back on Edit when it closes.
  useEffect(() => {
    if (editing && !wasEditing.current)
      formRef.current?.querySelector<HTMLElement>('input, select, textarea, button')?.focus();
    if (!editing && wasEditing.current) editButtonRef.current?.focus();
    wasEditing.current = editing;
  }, [editing]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void editor.save();
  };
  return (
    <section className="card" aria-labelledby={`${slug(title)}-heading`}>
      <div className="card-header">
        <h2 id={`${slug(title)}-heading`}>{title}</h2>
        {!editing && (
          <button type="button" ref={editButtonRef} onClick={editor.start}>
            Edit {title.toLowerCase()}
          </button>
        )}
      </div>
      {!editing && (
        <WriteNotice
          state={writeState}
          what={what}
          onReload={() => void editor.reload()}
          onDismiss={editor.write.reset}
        />
      )}
      {!editing ? (
        view
      ) : (
        <form ref={formRef} onSubmit={submit} noValidate aria-label={`Edit ${title.toLowerCase()}`}>
          {stale && writeState.status !== 'conflict' && (
            <p className="notice warning" role="status">
              Changed elsewhere while you were editing: you are editing version {baseVersion}, the flag is now
              at version {currentVersion}. Saving will be refused; cancel and edit again to start from the
              current version.
            </p>
          )}
          {form}
          <ProblemSummary
            problems={problems}
            source={writeState.status === 'invalid' ? 'The server refused it' : 'Not saved yet'}
          />
          {/* Next to Save, the button that was pressed, not at the top of the section. */}
          <WriteNotice
            state={writeState}
            what={what}
            onReload={() => void editor.reload()}
            onDismiss={editor.write.reset}
          />
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Saving…' : `Save ${title.toLowerCase()}`}
            </button>
            <button type="button" onClick={editor.cancel}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
