import { useChangeReview } from '../state/change-review.js';
import { useLiveEnvironment } from '../state/live-environment.js';
import { useApi } from '../state/session.js';
import { useWrite } from '../state/use-write.js';

/**
 * The last change, for a short while, with Undo: it writes the version before it again (a restore
 * guarded by If-Match, so a change made since is never undone by accident).
 */
export function UndoNotice() {
  const api = useApi();
  const { env, store } = useLiveEnvironment();
  const { applied, dismissApplied } = useChangeReview();
  const write = useWrite();
  if (applied === null && write.state.status === 'idle') return null;

  const undo = async () => {
    if (applied === null) return;
    const { before, saved, title } = applied;
    const where = applied.environment ?? env;
    const restored = await write.run(() =>
      api.restoreFlag(where, saved.key, before.version, saved.version, `Undo: ${title}`),
    );
    if (restored !== undefined) {
      if (where === env) store.upsertFlag(restored);
      dismissApplied();
    }
  };
  return (
    <div className="toast" role="status" data-testid="undo-notice">
      {applied !== null && (
        <p>
          Applied: {applied.title} (version {applied.saved.version}).
        </p>
      )}
      {write.state.status !== 'idle' && write.state.status !== 'busy' && (
        <p className="field-problems" role="alert">
          Not undone: {write.state.message}
        </p>
      )}
      <div className="button-row">
        {applied !== null && (
          <button
            type="button"
            className="primary"
            disabled={write.state.status === 'busy'}
            onClick={() => void undo()}
          >
            Undo
          </button>
        )}
        <button
          type="button"
          onClick={() => {
            write.reset();
            dismissApplied();
          }}
        >
          Dismiss
        </button>
      </div>
    </div>
  );
}
