import type { AuditEntry } from '@switchyard/shared';
import { flagSchema } from '@switchyard/shared';
import { describeChanges } from '../state/flag-diff.js';
import { RelativeTime } from './relative-time.js';

const ACTIONS: Record<string, string> = {
  'flag.put': 'edited',
  'flag.rollout': 'ramped',
  'flag.enable': 'turned on',
  'flag.disable': 'turned off',
  'flag.restore': 'restored',
  'flag.delete': 'deleted',
  'trigger.create': 'added an alert trigger',
  'trigger.delete': 'deleted an alert trigger',
  'trigger.pause-plan': 'paused the rollout plan',
  'plan.start': 'started a guarded rollout',
  'plan.pause': 'paused the guarded rollout',
  'plan.resume': 'resumed the guarded rollout',
  'plan.abort': 'aborted the guarded rollout',
};

/** The labels of the alert that fired a trigger, as `alertname=CheckoutErrors, severity=page`. */
function alertLine(entry: AuditEntry): string | null {
  const alert = entry.details?.alert as { labels?: Record<string, unknown> } | undefined;
  if (alert?.labels === undefined) return null;
  const labels = Object.entries(alert.labels).map(([name, value]) => `${name}=${String(value)}`);
  return `Alert: ${labels.length > 0 ? labels.join(', ') : '(no labels)'}`;
}

/** What an entry did, in words: "ramped", "turned off", "started a guarded rollout". */
export function actionOf(entry: AuditEntry): string {
  if (entry.action === 'flag.put' && entry.before === null) return 'created';
  return ACTIONS[entry.action] ?? entry.action;
}

function summary(entry: AuditEntry): string[] {
  if (entry.action.startsWith('plan.')) return [];
  if (entry.action === 'flag.restore') {
    const restored = flagSchema.safeParse(entry.after);
    const from = entry.details?.restoredVersion;
    if (restored.success && typeof from === 'number') return [`Restored version ${from}`];
  }
  const before = flagSchema.safeParse(entry.before);
  const after = flagSchema.safeParse(entry.after);
  const alert = alertLine(entry);
  if (!after.success)
    return alert !== null
      ? [alert]
      : entry.after === null && entry.action === 'flag.delete'
        ? ['Deleted']
        : [];
  const changes = describeChanges(before.success ? before.data : undefined, after.data);
  return alert === null ? changes : [...changes, alert];
}

interface AuditPanelProps {
  entries: readonly AuditEntry[] | undefined;
  error: string | null;
}

/** Who did what to the flag, and when, newest first. */
export function AuditPanel({ entries, error }: AuditPanelProps) {
  return (
    <section className="card" aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit log</h2>
      {error !== null && <p className="notice error">Could not load the audit log: {error}</p>}
      {entries === undefined ? (
        <p className="muted">Loading…</p>
      ) : entries.length === 0 ? (
        <p className="muted">No entries.</p>
      ) : (
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>
                  <RelativeTime at={entry.at} />
                </td>
                <td>{entry.actor.name}</td>
                <td>
                  <span className="action">{actionOf(entry)}</span>
                  {summary(entry).map((line) => (
                    <div key={line}>{line}</div>
                  ))}
                  {entry.reason !== undefined && <div className="reason">Reason: “{entry.reason}”</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
