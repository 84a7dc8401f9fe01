import { useEffect, useRef } from 'react';
import type { WriteState } from '../state/use-write.js';

interface WriteNoticeProps {
  state: WriteState;
  /** What was written, for the message: "this flag", "this segment". */
  what: string;
  onReload(): void;
  onDismiss(): void;
}

/**
 * What became of a write that did not go through. A conflict is never overwritten: it says where
 * the document is now and offers to reload it. It takes the focus when it appears, so the reason is
 * where the eye (and a screen reader) is, next to the button that was pressed.
 */
export function WriteNotice({ state, what, onReload, onDismiss }: WriteNoticeProps) {
  const ref = useRef<HTMLDivElement>(null);
  const shown = state.status === 'conflict' || state.status === 'failed' || state.status === 'invalid';
  useEffect(() => {
    if (shown) ref.current?.focus();
  }, [shown]);
  if (state.status === 'conflict') {
    return (
      <div className="notice conflict" role="alert" ref={ref} tabIndex={-1} data-testid="write-notice">
        <p>
          <strong>Not saved: {what} was changed elsewhere</strong>
          {state.currentVersion === null
            ? ' and no longer exists.'
            : `, now at version ${state.currentVersion}.`}{' '}
          Reload to see the current version, then make your change again.
        </p>
        <button type="button" className="primary" onClick={onReload}>
          Reload
        </button>
      </div>
    );
  }
  if (state.status === 'failed') {
    return (
      <div className="notice error" role="alert" ref={ref} tabIndex={-1} data-testid="write-notice">
        <p>
          <strong>Not saved:</strong> {state.message}
        </p>
        <button type="button" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    );
  }
  if (state.status === 'invalid') {
    return (
      <div className="notice error" role="alert" ref={ref} tabIndex={-1} data-testid="write-notice">
        <p>
          <strong>The server refused the change:</strong> {state.message}
        </p>
      </div>
    );
  }
  return null;
}
