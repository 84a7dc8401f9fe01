import type { Flag } from '@switchyard/shared';
import { useState } from 'react';
import { useLocation } from 'wouter';
import { useLiveEnvironment } from '../state/live-environment.js';
import { useApi } from '../state/session.js';
import { useWrite } from '../state/use-write.js';
import { ConfirmDialog } from './confirm-dialog.js';

/**
 * Archive: the flag leaves every SDK ruleset and the flag list but keeps its history; the server
 * refuses while other flags name it as a prerequisite, and says which.
 */
export function ArchiveControl({ flag }: { flag: Flag }) {
  const api = useApi();
  const { env } = useLiveEnvironment();
  const [, navigate] = useLocation();
  const write = useWrite();
  const [asking, setAsking] = useState(false);

  const archive = async () => {
    setAsking(false);
    const archived = await write.run(() => api.setArchived(env, flag.key, true, flag.version));
    if (archived !== undefined) navigate(`/${env}/archived`);
  };
  const refused =
    write.state.status === 'failed' || write.state.status === 'conflict' ? write.state.message : null;

  return (
    <section className="card" aria-labelledby="archive-heading">
      <h2 id="archive-heading">Archive</h2>
      <p className="muted">
        When the code no longer asks for {flag.key}, archive it: SDKs stop receiving it, its history stays.
      </p>
      <button
        type="button"
        className="danger"
        disabled={write.state.status === 'busy'}
        onClick={() => setAsking(true)}
      >
        Archive flag
      </button>
      {refused && (
        <p className="notice error" role="alert">
          Not archived: {refused}
        </p>
      )}
      <ConfirmDialog
        open={asking}
        title={`Archive ${flag.key}?`}
        confirmLabel="Archive"
        danger
        onCancel={() => setAsking(false)}
        onConfirm={() => void archive()}
      >
        <p>
          Every SDK in {env} stops receiving {flag.key} at once: code that still asks for it gets its default
          value. You can unarchive it later from the archived flags.
        </p>
      </ConfirmDialog>
    </section>
  );
}
