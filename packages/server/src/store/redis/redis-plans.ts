import { type Plan, planSchema } from '@switchyard/shared';
import type { Cluster, Redis } from 'ioredis';
import { z } from 'zod';
import { parseJson } from '../records.js';
import type { FlagStore } from '../types.js';

/**
 * Guarded rollout plans and leases in Redis. A plan is a field of its environment's `plans` hash
 * (same hash tag as the rest of the environment); compare-and-set on the plan revision and the lease
 * are single Lua scripts, so two instances never both win.
 */

/** KEYS: plans hash. ARGV: flag, expected revision ('' = none stored), next JSON ('' = delete). Returns 1 or 0. */
const SET_PLAN = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if ARGV[2] == '' then
  if current then return 0 end
elseif not current or cjson.decode(current).revision ~= tonumber(ARGV[2]) then
  return 0
end
if ARGV[3] == '' then redis.call('HDEL', KEYS[1], ARGV[1]) else redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) end
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

export interface RedisPlans extends Pick<FlagStore, 'getPlan' | 'compareAndSetPlan' | 'tryLease'> {
  /** The plans of `environments` (the store passes all of them). */
  listPlans(environments: readonly string[]): Promise<Plan[]>;
}

export function redisPlans(
  client: Redis | Cluster,
  plansKey: (environment: string) => string,
  leaseKey: (name: string) => string,
): RedisPlans {
  const reply = z.union([z.literal(0), z.literal(1)]);
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
    async compareAndSetPlan(environment, flag, expectedRevision, next) {
      const checked = next === null ? '' : JSON.stringify(planSchema.parse(next));
      const result = await client.eval(
        SET_PLAN,
        1,
        plansKey(environment),
        flag,
        expectedRevision === null ? '' : String(expectedRevision),
        checked,
      );
      return reply.parse(result) === 1;
    },
    async tryLease(name, holder, ttlMs) {
      return (
        reply.parse(await client.eval(TAKE_LEASE, 1, leaseKey(name), holder, String(Math.ceil(ttlMs)))) === 1
      );
    },
  };
}
