import { type Plan, planSchema } from '@switchyard/shared';
import type { Cluster, Redis } from 'ioredis';
import { auditHead } from '../audit-log.js';
import { AUDIT_KEPT } from '../limits.js';
import { parseJson } from '../records.js';
import type { FlagStore } from '../types.js';
import { scriptReply } from './revisioned-hash.js';

/**
 * Guarded rollout plans and leases in Redis. A plan is a field of its environment's `plans` hash
 * (same hash tag as the rest of the environment, its audit list included); compare-and-set on the
 * plan revision (with its audit entry) and the lease are single Lua scripts, so two instances never
 * both win.
 */

/**
 * KEYS: plans hash, audit list. ARGV: flag, expected revision ('' = none stored), next JSON ('' =
 * delete), audit entry without its closing brace ('' = no entry; the script adds before and after),
 * audit cap. Returns 1 or 0.
 */
const SET_PLAN = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if ARGV[2] == '' then
  if current then return 0 end
elseif not current or cjson.decode(current).revision ~= tonumber(ARGV[2]) then
  return 0
end
if ARGV[3] == '' then redis.call('HDEL', KEYS[1], ARGV[1]) else redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) end
if ARGV[4] ~= '' then
  local after = ARGV[3]
  if after == '' then after = 'null' end
  redis.call('LPUSH', KEYS[2], ARGV[4] .. ',"before":' .. (current or 'null') .. ',"after":' .. after .. '}')
  redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[5]) - 1)
end
return 1
`;

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
      const checked = next === null ? '' : JSON.stringify(planSchema.parse(next));
      const entry =
        audit === undefined
          ? ''
          : JSON.stringify(auditHead(audit, environment, { kind: 'flag', key: flag })).slice(0, -1);
      const result = await client.eval(
        SET_PLAN,
        2,
        plansKey(environment),
        auditKey(environment),
        flag,
        expectedRevision === null ? '' : String(expectedRevision),
        checked,
        entry,
        AUDIT_KEPT,
      );
      return scriptReply.parse(result) === 1;
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
