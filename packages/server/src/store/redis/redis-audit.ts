import type { Cluster, Redis } from 'ioredis';
import { type AuditQuery, auditLimit, auditListFilter, mergeNewestFirst } from '../audit-log.js';
import { auditEntrySchema, parseJson } from '../records.js';
import type { AuditEntry, FlagStore } from '../types.js';
import type { KeyLayout } from './key-layout.js';
import { stringList } from './replies.js';

const AUDIT_PAGE = 500;

/**
 * The audit log: a list per environment and a global one for API keys, each newest first; a query
 * reads each list page by page and merges them by time.
 */
export function redisAudit(
  client: Redis | Cluster,
  keys: KeyLayout,
  environmentKeys: () => Promise<string[]>,
): Pick<FlagStore, 'listAudit'> {
  const readAudit = async (list: string, query: AuditQuery, limit: number): Promise<AuditEntry[]> => {
    const found: AuditEntry[] = [];
    const keep = auditListFilter(query);
    for (let start = 0; found.length < limit; start += AUDIT_PAGE) {
      const page = stringList.parse(await client.lrange(list, start, start + AUDIT_PAGE - 1));
      for (const text of page) {
        const entry = parseJson(auditEntrySchema, text, 'an audit entry');
        if (keep(entry) && found.length < limit) found.push(entry);
      }
      if (page.length < AUDIT_PAGE) break;
    }
    return found;
  };

  return {
    async listAudit(query) {
      const limit = auditLimit(query);
      if (limit === 0) return [];
      const envs = query.environment === undefined ? await environmentKeys() : [query.environment];
      const lists = await Promise.all(
        envs.map((env) => readAudit(keys.environment(env).audit, query, limit)),
      );
      if (query.flag === undefined) lists.push(await readAudit(keys.global.audit, query, limit));
      return mergeNewestFirst(lists, limit);
    },
  };
}
