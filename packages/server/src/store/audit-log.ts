import { randomUUID } from 'node:crypto';
import { publicApiKey, publicTrigger } from './records.js';
import type { ApiKeyRecord, AuditEntry, AuditInput, TriggerRecord } from './types.js';

export const DEFAULT_AUDIT_LIMIT = 100;

/** Everything of an audit entry but the document states, which the store fills in as it writes. */
export type AuditHead = Omit<AuditEntry, 'before' | 'after'>;

export function auditHead(
  input: AuditInput,
  environment: string | null,
  resource: AuditEntry['resource'],
): AuditHead {
  const stub: AuditHead = {
    id: randomUUID(),
    at: new Date().toISOString(),
    actor: { keyId: input.actor.keyId, name: input.actor.name },
    action: input.action,
    environment,
    resource,
  };
  if (input.details !== undefined) stub.details = input.details;
  if (input.actor.reason !== undefined) stub.reason = input.actor.reason;
  return stub;
}

/** The audit entry of creating (`before` null) or changing an API key; never with its secret hash. */
export function apiKeyAudit(input: AuditInput, before: ApiKeyRecord | null, after: ApiKeyRecord): AuditEntry {
  return {
    ...auditHead(input, after.environment, { kind: 'apiKey', key: after.id }),
    before: before === null ? null : publicApiKey(before),
    after: publicApiKey(after),
  };
}

/**
 * The audit entry of creating (`before` null) or deleting (`after` null) a trigger: filed under its
 * flag, so the flag's audit trail shows who can act on it; never with the token hash.
 */
export function triggerAudit(
  input: AuditInput,
  before: TriggerRecord | null,
  after: TriggerRecord | null,
): AuditEntry {
  const trigger = (after ?? before) as TriggerRecord;
  return {
    ...auditHead(input, trigger.environment, { kind: 'flag', key: trigger.flag }),
    before: before === null ? null : publicTrigger(before),
    after: after === null ? null : publicTrigger(after),
  };
}

/** An audit entry on a flag that changed no flag version (`before` and `after` are null). */
export function flagEventAudit(input: AuditInput, environment: string, flag: string): AuditEntry {
  return { ...auditHead(input, environment, { kind: 'flag', key: flag }), before: null, after: null };
}

export interface AuditQuery {
  environment?: string;
  flag?: string;
  limit?: number;
  /** Only entries older than this one (the last entry of the page before). */
  before?: AuditCursor;
}

/** Where a page of the audit log ends: its last entry's time and id. */
export interface AuditCursor {
  at: string;
  id: string;
}

/**
 * A filter for one newest-first list that lets through only the entries after the cursor: in the
 * list holding the cursor entry, those after it; in the others, those strictly older than it.
 */
export function afterCursor(cursor: AuditCursor | undefined): (entry: AuditEntry) => boolean {
  if (cursor === undefined) return () => true;
  let passed = false;
  return (entry) => {
    if (passed) return true;
    if (entry.id === cursor.id) {
      passed = true;
      return false;
    }
    return entry.at < cursor.at;
  };
}

export function auditLimit(query: AuditQuery): number {
  return Math.max(0, Math.floor(query.limit ?? DEFAULT_AUDIT_LIMIT));
}

/** What one newest-first list, read in order, keeps for a query: past the cursor and matching. */
export function auditListFilter(query: AuditQuery): (entry: AuditEntry) => boolean {
  const after = afterCursor(query.before);
  return (entry) => after(entry) && matchesAuditQuery(entry, query);
}

export function matchesAuditQuery(entry: AuditEntry, query: AuditQuery): boolean {
  if (query.environment !== undefined && entry.environment !== query.environment) return false;
  if (query.flag !== undefined && !(entry.resource.kind === 'flag' && entry.resource.key === query.flag)) {
    return false;
  }
  return true;
}

/**
 * Merges lists that are each newest first into one newest-first list of at most `limit` entries.
 * Within one list the stored order wins; across lists the timestamp decides.
 */
export function mergeNewestFirst(lists: AuditEntry[][], limit: number): AuditEntry[] {
  const heads = lists.map(() => 0);
  const merged: AuditEntry[] = [];
  while (merged.length < limit) {
    let best = -1;
    for (let i = 0; i < lists.length; i++) {
      const candidate = lists[i]?.[heads[i] ?? 0];
      if (candidate === undefined) continue;
      const current = best === -1 ? undefined : lists[best]?.[heads[best] ?? 0];
      if (current === undefined || candidate.at > current.at) best = i;
    }
    if (best === -1) break;
    const entry = lists[best]?.[heads[best] ?? 0];
    if (entry === undefined) break;
    merged.push(entry);
    heads[best] = (heads[best] ?? 0) + 1;
  }
  return merged;
}
