import type { AuditEntry, Flag } from '@switchyard/shared';
import { useState } from 'react';
import { describeChanges } from '../state/flag-diff.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { RelativeTime } from './relative-time.js';

interface HistoryPanelProps {
  flag: Flag;
  /** Every version, newest first. */
  versions: readonly Flag[] | undefined;
  error: string | null;
  /** The flag's audit entries, to tell who made each version and when. */
  audit: readonly AuditEntry[];
  busy: boolean;
  /** Restores go through "Review and apply", which shows the changes instead of this panel's dialog. */
  reviewed: boolean;
  /** `seenVersion` is the flag's version when the user asked: it goes out as If-Match. */
  onRestore(version: number, seenVersion: number): void;
}

const versionOf = (value: unknown): number | undefined =>
  typeof value === 'object' && value !== null && 'version' in value && typeof value.version === 'number'
    ? value.version
    : undefined;

/** Every version with what changed from the one before, and a way back to any of them. */
export function HistoryPanel({ flag, versions, error, audit, busy, reviewed, onRestore }: HistoryPanelProps) {
  const [asked, setAsked] = useState<{ version: Flag; seen: Flag } | null>(null);
  const madeBy = (version: number) => audit.find((entry) => versionOf(entry.after) === version);

  return (
    <section className="card" aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      {error !== null && <p className="notice error">Could not load the history: {error}</p>}
      {versions === undefined ? (
        <p className="muted">Loading…</p>
      ) : (
        <ol className="history" aria-label="Versions, newest first">
          {versions.map((version, i) => {
            const entry = madeBy(version.version);
            const current = version.version === flag.version;
            return (
              <li key={version.version} data-testid={`version-${version.version}`}>
                <div className="history-head">
                  <h3>
                    Version {version.version}
                    {current && <span className="badge neutral">current</span>}
                  </h3>
                  {entry && (
                    <span className="muted">
                      {entry.actor.name} · <RelativeTime at={entry.at} />
                    </span>
                  )}
                </div>
                {entry?.reason !== undefined && <p className="reason">Reason: “{entry.reason}”</p>}
                <ul className="changes">
                  {[
                    ...(typeof entry?.details?.restoredVersion === 'number'
                      ? [`Restored version ${entry.details.restoredVersion}`]
                      : []),
                    ...describeChanges(versions[i + 1], version),
                  ].map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
                {!current && (
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() =>
                      reviewed ? onRestore(version.version, flag.version) : setAsked({ version, seen: flag })
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
      <ConfirmDialog
        open={asked !== null}
        title={`Restore version ${asked?.version.version ?? ''}?`}
        confirmLabel="Restore"
        onCancel={() => setAsked(null)}
        onConfirm={() => {
          if (asked !== null) onRestore(asked.version.version, asked.seen.version);
          setAsked(null);
        }}
      >
        {asked !== null && (
          <>
            <p>
              Version {asked.version.version} is written again as version {asked.seen.version + 1}. Compared
              with now:
            </p>
            <ul className="changes">
              {describeChanges(asked.seen, asked.version).map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </>
        )}
      </ConfirmDialog>
    </section>
  );
}
