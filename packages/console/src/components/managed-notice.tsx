import type { Flag, FlagsFileStatus } from '@switchyard/shared';

const WHAT_STILL_WORKS = 'Change it in the file; the kill switch and triggers still work here.';

/** Why a managed flag's controls are off: shown above them and as their tooltip. */
export const managedReason = (flag: Flag): string | null =>
  flag.managedBy === undefined ? null : `Managed by ${flag.managedBy.file}. ${WHAT_STILL_WORKS}`;

const shown = (value: unknown) => (value === undefined ? 'not set' : JSON.stringify(value));

interface ManagedNoticeProps {
  flag: Flag;
  /** The server's flags-file status, once loaded. */
  status: FlagsFileStatus | undefined;
}

/**
 * "Managed by <file>" on a flag the server's flags file owns, and where its live state differs from
 * the file (a kill switch toggled in an incident): the file wins again when the flag's entry changes.
 */
export function ManagedNotice({ flag, status }: ManagedNoticeProps) {
  if (flag.managedBy === undefined) return null;
  const drift = status?.drift.find((d) => d.key === flag.key);
  return (
    <div className="managed-notice" data-testid="managed-notice">
      <p>
        <span className="badge neutral">Managed by {flag.managedBy.file}</span> {WHAT_STILL_WORKS}
      </p>
      {status !== undefined && !status.valid && (
        <p className="muted">The file does not read well now; its last good version is in force.</p>
      )}
      {drift !== undefined && (
        <p className="drift" data-testid="flag-drift">
          <span className="badge off">Drift</span> Differs from the file:{' '}
          {drift.diffs
            .map((d) => `${d.path} is ${shown(d.before)} here, ${shown(d.after)} in the file`)
            .join('; ')}
          . The file wins again when this flag's entry in it changes.
        </p>
      )}
    </div>
  );
}
