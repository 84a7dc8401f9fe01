import type { FieldProblem } from '@switchyard/shared';
import { type FormEvent, type ReactNode, useEffect, useRef } from 'react';
import type { WriteState } from '../state/use-write.js';
import { ProblemSummary } from './field-problems.js';
import { WriteNotice } from './write-notice.js';

interface EditorSectionProps {
  title: string;
  /** What the section is about, for the Edit button's accessible name ("Edit targets"). */
  editing: boolean;
  busy: boolean;
  stale: boolean;
  baseVersion: number | null;
  currentVersion: number;
  problems: readonly FieldProblem[];
  writeState: WriteState;
  what: string;
  view: ReactNode;
  form: ReactNode;
  onEdit(): void;
  onSave(): void;
  onCancel(): void;
  onReload(): void;
  onDismiss(): void;
}

/** A section that shows the live flag, or an edit form of the version the user opened. */
export function EditorSection(props: EditorSectionProps) {
  const { title, editing, busy, stale, baseVersion, currentVersion, problems, writeState } = props;
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
    props.onSave();
  };
  return (
    <section className="card" aria-labelledby={`${slug(title)}-heading`}>
      <div className="card-header">
        <h2 id={`${slug(title)}-heading`}>{title}</h2>
        {!editing && (
          <button type="button" ref={editButtonRef} onClick={props.onEdit}>
            Edit {title.toLowerCase()}
          </button>
        )}
      </div>
      <WriteNotice
        state={writeState}
        what={props.what}
        onReload={props.onReload}
        onDismiss={props.onDismiss}
      />
      {!editing ? (
        props.view
      ) : (
        <form ref={formRef} onSubmit={submit} noValidate aria-label={`Edit ${title.toLowerCase()}`}>
          {stale && writeState.status !== 'conflict' && (
            <p className="notice warning" role="status">
              Changed elsewhere while you were editing: you are editing version {baseVersion}, the flag is now
              at version {currentVersion}. Saving will be refused; cancel and edit again to start from the
              current version.
            </p>
          )}
          {props.form}
          <ProblemSummary
            problems={problems}
            source={writeState.status === 'invalid' ? 'The server refused it' : 'Not saved yet'}
          />
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Saving…' : `Save ${title.toLowerCase()}`}
            </button>
            <button type="button" onClick={props.onCancel}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
