import { type AuditEntry, type Flag, flagSchema } from '@switchyard/shared';
import { describeChanges } from './flag-diff.js';

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

/** What an entry did, in words: "ramped", "turned off", "started a guarded rollout". */
export function actionOf(entry: AuditEntry): string {
  if (entry.action === 'flag.put' && entry.before === null) return 'created';
  return ACTIONS[entry.action] ?? entry.action;
}

/** The flag version an entry wrote, when it wrote one. */
export function flagAfter(entry: AuditEntry): Flag | undefined {
  if (!entry.action.startsWith('flag.')) return undefined;
  const after = flagSchema.safeParse(entry.after);
  return after.success ? after.data : undefined;
}

/** The labels of the alert that fired a trigger, as `alertname=CheckoutErrors, severity=page`. */
function alertLine(entry: AuditEntry): string | null {
  const alert = entry.details?.alert as { labels?: Record<string, unknown> } | undefined;
  if (alert?.labels === undefined) return null;
  const labels = Object.entries(alert.labels).map(([name, value]) => `${name}=${String(value)}`);
  return `Alert: ${labels.length > 0 ? labels.join(', ') : '(no labels)'}`;
}

/**
 * What an entry changed, as sentences: "Restored version 2", "Percentage 5% → 25%", the alert that
 * fired a trigger.
 */
export function changesOf(entry: AuditEntry): string[] {
  if (entry.action.startsWith('plan.')) return [];
  const alert = alertLine(entry);
  const after = flagAfter(entry);
  if (after === undefined) {
    if (alert !== null) return [alert];
    return entry.after === null && entry.action === 'flag.delete' ? ['Deleted'] : [];
  }
  const before = flagSchema.safeParse(entry.before);
  const restored = entry.details?.restoredVersion;
  return [
    ...(entry.action === 'flag.restore' && typeof restored === 'number'
      ? [`Restored version ${restored}`]
      : []),
    ...describeChanges(before.success ? before.data : undefined, after),
    ...(alert === null ? [] : [alert]),
  ];
}
