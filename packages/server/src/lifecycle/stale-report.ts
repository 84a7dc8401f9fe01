import type { Flag, StaleFlag } from '@switchyard/shared';
import { AUDIT_KEPT, METRICS_RETENTION_MINUTES } from '../store/limits.js';
import type { AuditEntry, FlagStore } from '../store/types.js';
import { classifyStale, servingSince, singleVariantOf } from './stale-flags.js';

export interface StaleThresholds {
  launchedAfterMs: number;
  inactiveAfterMs: number;
}

/** The version a flag audit entry wrote, when it wrote one. */
const versionWritten = (entry: AuditEntry): number | null => {
  const after = entry.after as { version?: unknown } | null | undefined;
  return typeof after?.version === 'number' ? after.version : null;
};

/** When each version of each flag was written, and when each flag was created, from the audit log. */
function writeTimes(entries: readonly AuditEntry[]) {
  const versions = new Map<string, Map<number, number>>();
  const created = new Map<string, number>();
  for (const entry of entries) {
    if (entry.resource.kind !== 'flag') continue;
    const key = entry.resource.key;
    const at = Date.parse(entry.at);
    const version = versionWritten(entry);
    if (version !== null) {
      const byVersion = versions.get(key) ?? new Map<number, number>();
      versions.set(key, byVersion);
      byVersion.set(version, at);
    }
    if (entry.before === null && version !== null) created.set(key, Math.min(created.get(key) ?? at, at));
  }
  return { versions, created };
}

/** The last minute (as epoch ms) in which the flag was evaluated, within the metrics kept. */
async function lastEvaluated(store: FlagStore, environment: string, flag: string, now: number) {
  const toMinute = Math.floor(now / 60_000);
  const series = await store.readMetrics(environment, flag, toMinute - METRICS_RETENTION_MINUTES, toMinute);
  let last: number | null = null;
  for (const m of series) if (m.evaluations > 0 && (last === null || m.minute > last)) last = m.minute;
  return last === null ? null : last * 60_000;
}

/** Stale temporary flags of `environments`, from the stored history, audit log and metrics. */
export async function staleFlags(
  store: FlagStore,
  environments: readonly string[],
  thresholds: StaleThresholds,
  now: number,
): Promise<StaleFlag[]> {
  const stale: StaleFlag[] = [];
  for (const environment of environments) {
    const flags = (await store.listFlags(environment)).filter(
      (f: Flag) => f.lifecycle !== 'permanent' && !f.archived,
    );
    if (flags.length === 0) continue;
    const times = writeTimes(await store.listAudit({ environment, limit: AUDIT_KEPT }));
    for (const flag of flags) {
      const written = times.versions.get(flag.key);
      const variant = singleVariantOf(flag);
      const history = variant === null ? [] : await store.flagHistory(environment, flag.key);
      const result = classifyStale({
        flag,
        environment,
        now,
        ...thresholds,
        servingSince:
          variant === null ? null : servingSince(history, variant, (v) => written?.get(v) ?? null),
        createdAt: times.created.get(flag.key) ?? null,
        lastEvaluatedAt: await lastEvaluated(store, environment, flag.key, now),
        metricsFrom: now - METRICS_RETENTION_MINUTES * 60_000,
      });
      if (result !== null) stale.push(result);
    }
  }
  return stale;
}
