import { type AuditQuery, auditLimit, auditListFilter, mergeNewestFirst } from '../audit-log.js';
import type { AuditEntry, FlagStore } from '../types.js';
import type { StoreState } from './store-state.js';

const newestMatching = (entries: AuditEntry[], query: AuditQuery, limit: number) => {
  const out: AuditEntry[] = [];
  const keep = auditListFilter(query);
  for (let i = entries.length - 1; i >= 0 && out.length < limit; i--) {
    const entry = entries[i];
    if (entry !== undefined && keep(entry)) out.push(entry);
  }
  return out;
};

/** The audit log: a list per environment and one for API keys, oldest first in memory, merged by time. */
export function fileAudit(state: StoreState): Pick<FlagStore, 'listAudit'> {
  return {
    async listAudit(query) {
      const limit = auditLimit(query);
      const envs =
        query.environment === undefined
          ? [...state.environments.values()]
          : [state.environments.get(query.environment)].filter((e) => e !== undefined);
      const lists = envs.map((e) => newestMatching(e.audit, query, limit));
      if (query.flag === undefined) lists.push(newestMatching(state.apiKeyAudit, query, limit));
      return structuredClone(mergeNewestFirst(lists, limit));
    },
  };
}
