import { useId, useState } from 'react';
import { useChangeReview } from '../state/change-review.js';
import { describeChanges } from '../state/flag-diff.js';
import { usersMoved } from '../state/flag-impact.js';
import { Dialog } from './dialog.js';

/**
 * "Review and apply" for a critical environment: the change in words, the users it moves, and an
 * optional reason that goes into the audit entry. Cancel has the focus, so Enter does no harm.
 */
export function ReviewDialog({ environmentName }: { environmentName: string }) {
  const review = useChangeReview();
  const { pending } = review;
  const id = useId();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  const close = () => {
    setReason('');
    review.cancel();
  };
  const apply = async () => {
    setBusy(true);
    try {
      await review.confirm(reason.trim() === '' ? undefined : reason);
    } finally {
      setBusy(false);
      setReason('');
    }
  };

  const name = pending?.environment?.name ?? environmentName;
  const lines =
    pending === null
      ? []
      : describeChanges(pending.before, { ...pending.after, version: pending.before.version + 1 });
  return (
    <Dialog open={pending !== null} title={`Review: ${pending?.title ?? ''}`} onClose={close}>
      {pending !== null && (
        <div className="dialog-body review">
          <p className="review-env">
            In <strong>{name}</strong>, at once, for real users:
          </p>
          <ul className="changes" aria-label="What changes">
            {lines.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <p className="impact" data-testid="users-moved">
            {usersMoved(pending.before, pending.after)}
          </p>
          <div className="field">
            <label htmlFor={`${id}-reason`}>Reason (optional, kept in the audit log)</label>
            <textarea
              id={`${id}-reason`}
              rows={2}
              maxLength={500}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </div>
        </div>
      )}
      <div className="dialog-actions">
        {/* biome-ignore lint/a11y/noAutofocus: the safe choice takes the focus when the dialog opens */}
        <button type="button" autoFocus data-initial-focus onClick={close} disabled={busy}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={() => void apply()} disabled={busy}>
          {busy ? 'Applying…' : `Apply in ${name}`}
        </button>
      </div>
    </Dialog>
  );
}
