import type { FieldProblem } from '@switchyard/shared';
import type { Write } from '../state/use-write.js';
import { ProblemSummary } from './field-problems.js';
import { WriteNotice } from './write-notice.js';

interface CreateFormFooterProps {
  problems: readonly FieldProblem[];
  write: Write;
  /** What is created, in the notice's words ("the flag"). */
  what: string;
  /** The submit button's label ("Create flag"). */
  submitLabel: string;
  onClose(): void;
}

/** The end of a "create …" dialog's form: what is wrong, how the write went, Cancel and Create. */
export function CreateFormFooter({ problems, write, what, submitLabel, onClose }: CreateFormFooterProps) {
  return (
    <>
      <ProblemSummary problems={problems} source="Not created" />
      <WriteNotice state={write.state} what={what} onReload={onClose} onDismiss={write.reset} />
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={write.state.status === 'busy'}>
          {submitLabel}
        </button>
      </div>
    </>
  );
}
