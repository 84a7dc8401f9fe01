import type { AuditEntry, Flag } from '@switchyard/shared';
import { useState } from 'react';
import { actionOf, changesOf, flagAfter } from '../state/audit-words.js';
import { describeChanges } from '../state/flag-diff.js';
import type { AuditPaging } from '../state/use-audit-pages.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { RelativeTime } from './relative-time.js';

interface HistoryPanelProps {
  flag: Flag;
  history: AuditPaging;
  busy: boolean;
  /** Restores go through "Review and apply", which shows the changes instead of this panel's dialog. */
  reviewed: boolean;
  /** `old` is the version to restore; `seenVersion`, the flag's version when the user asked (If-Match). */
  onRestore(old: Flag, seenVersion: number): void;
}

/**
 * The versions a flag can go back to: those written since it was last created. Older entries belong
 * to a flag of the same key that was deleted.
 */
function restorable(entries: readonly AuditEntry[]): Map<string, Flag> {
  const versions = new Map<string, Flag>();
  for (const entry of entries) {
    const after = flagAfter(entry);
    if (after !== undefined && entry.action !== 'flag.delete') versions.set(entry.id, after);
    if (entry.before === null || entry.action === 'flag.delete') break;
  }
  return versions;
}

/**
 * Who changed the flag, how and when, newest first and a page at a time: every version with what
 * changed from the one before and a way back to it, and the guarded rollout and trigger events
 * between them.
 */
export function HistoryPanel({ flag, history, busy, reviewed, onRestore }: HistoryPanelProps) {
  const [asked, setAsked] = useState<{ old: Flag; seen: Flag } | null>(null);
  const { pages, error, older } = history;
  const versions = restorable(pages?.entries ?? []);

  return (
    <section className="card" aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      {error !== null && <p className="notice error">Could not load the history: {error}</p>}
      {pages === undefined ? (
        error === null && <p className="muted">Loading…</p>
      ) : pages.entries.length === 0 ? (
        <p className="muted">No changes recorded yet.</p>
      ) : (
        <ol className="history" aria-label="Changes, newest first">
          {pages.entries.map((entry) => {
            const version = versions.get(entry.id);
            const current = version?.version === flag.version;
            return (
              <li key={entry.id} data-testid={version ? `version-${version.version}` : undefined}>
                <div className="history-head">
                  <h3>
                    {entry.actor.name} <span className="action">{actionOf(entry)}</span>
                    {version && <span className="muted"> · version {version.version}</span>}
                    {current && <span className="badge neutral">current</span>}
                  </h3>
                  <RelativeTime at={entry.at} />
                </div>
                {entry.reason !== undefined && <p className="reason">Reason: “{entry.reason}”</p>}
                <ul className="changes">
                  {changesOf(entry).map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
                {version && !current && (
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() =>
                      reviewed ? onRestore(version, flag.version) : setAsked({ old: version, seen: flag })
                    }
                  >
                    Restore version {version.version}
                  </button>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {pages?.next != null && (
        <div className="history-more">
          <button type="button" disabled={older.status === 'busy'} onClick={history.showOlder}>
            {older.status === 'busy' ? 'Loading…' : 'Show older'}
          </button>
          {(older.status === 'failed' || older.status === 'invalid') && (
            <p className="notice error" role="alert">
              Could not load older changes: {older.message}
            </p>
          )}
        </div>
      )}
      {pages !== undefined && pages.next === null && pages.entries.length > 0 && (
        <p className="muted">That is the whole history.</p>
      )}
      <ConfirmDialog
        open={asked !== null}
        title={`Restore version ${asked?.old.version ?? ''}?`}
        confirmLabel="Restore"
        onCancel={() => setAsked(null)}
        onConfirm={() => {
          if (asked !== null) onRestore(asked.old, asked.seen.version);
          setAsked(null);
        }}
      >
        {asked !== null && (
          <>
            <p>
              Version {asked.old.version} is written again as version {asked.seen.version + 1}. Compared with
              now:
            </p>
            <ul className="changes">
              {describeChanges(asked.seen, asked.old).map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </>
        )}
      </ConfirmDialog>
    </section>
  );
}
