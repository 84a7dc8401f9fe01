import { type Plan, planSchema } from '@switchyard/shared';
import type { Cluster, Redis } from 'ioredis';
import { auditHead } from '../audit-log.js';
import { AUDIT_KEPT } from '../limits.js';
import { parseJson } from '../records.js';
import type { FlagStore } from '../types.js';
import { compareAndSetRevisioned, scriptReply } from './revisioned-hash.js';

/**
 * Guarded rollout plans and leases in Redis. A plan is a field of its environment's `plans` hash
 * (same hash tag as the rest of the environment, its audit list included); compare-and-set on the
 * plan revision (with its audit entry, revisioned-hash.ts) and the lease are single Lua scripts, so
 * two instances never both win.
 */

/** KEYS: lease key. ARGV: holder, ttl ms. Takes a free lease or renews one's own; returns 1 when held. */
const TAKE_LEASE = `
local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
`;

/** KEYS: lease key. ARGV: holder. Deletes the lease only if `holder` has it. */
const RELEASE_LEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
`;

export interface RedisPlans
  extends Pick<FlagStore, 'getPlan' | 'compareAndSetPlan' | 'tryLease' | 'releaseLease'> {
  /** The plans of `environments` (the store passes all of them). */
  listPlans(environments: readonly string[]): Promise<Plan[]>;
}

export function redisPlans(
  client: Redis | Cluster,
  plansKey: (environment: string) => string,
  auditKey: (environment: string) => string,
  leaseKey: (name: string) => string,
): RedisPlans {
  return {
    async getPlan(environment, flag) {
      const text = await client.hget(plansKey(environment), flag);
      return text === null ? undefined : parseJson(planSchema, text, `plan ${environment}/${flag}`);
    },
    async listPlans(environments) {
      const plans: Plan[] = [];
      for (const environment of environments) {
        const all = await client.hgetall(plansKey(environment));
        for (const [flag, text] of Object.entries(all))
          plans.push(parseJson(planSchema, text, `plan ${environment}/${flag}`));
      }
      return plans;
    },
    async compareAndSetPlan(environment, flag, expectedRevision, next, audit) {
      const checked = next === null ? null : JSON.stringify(planSchema.parse(next));
      const head =
        audit === undefined
          ? undefined
          : JSON.stringify(auditHead(audit, environment, { kind: 'flag', key: flag })).slice(0, -1);
      return compareAndSetRevisioned(
        client,
        plansKey(environment),
        flag,
        expectedRevision,
        checked,
        head === undefined ? undefined : { list: auditKey(environment), head, kept: AUDIT_KEPT },
      );
    },
    async tryLease(name, holder, ttlMs) {
      return (
        scriptReply.parse(
          await client.eval(TAKE_LEASE, 1, leaseKey(name), holder, String(Math.ceil(ttlMs))),
        ) === 1
      );
    },
    async releaseLease(name, holder) {
      await client.eval(RELEASE_LEASE, 1, leaseKey(name), holder);
    },
  };
}
