import type { Cluster, Redis } from 'ioredis';
import { z } from 'zod';
import { flagEventAudit, triggerAudit } from '../audit-log.js';
import { AUDIT_KEPT } from '../limits.js';
import { parseJson, triggerRecordSchema } from '../records.js';
import type { FlagStore } from '../types.js';
import type { KeyLayout } from './key-layout.js';
import { exec, optionalString, parseJsonList } from './replies.js';

/**
 * KEYS: triggers hash, token-hash hash, audit list. ARGV: id, stored text, token hash, audit JSON,
 * audit kept. Deletes the trigger only if it is still the record read; returns 1 or 0.
 */
const DELETE_TRIGGER = `
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[3])
redis.call('LPUSH', KEYS[3], ARGV[4])
redis.call('LTRIM', KEYS[3], 0, tonumber(ARGV[5]) - 1)
return 1
`;

export type RedisTriggers = Pick<
  FlagStore,
  'createTrigger' | 'listTriggers' | 'deleteTrigger' | 'appendFlagAudit'
> & {
  /** Looks the hash up in each of `environments` (the store passes all of them). */
  findTriggerByHash(
    tokenHash: string,
    environments: readonly string[],
  ): ReturnType<FlagStore['findTriggerByHash']>;
};

/**
 * Alert triggers: per environment, a hash of records by id and one from token hash to id, under the
 * environment's hash tag, so a trigger and its audit entry are written in one MULTI on one slot.
 */
export function redisTriggers(client: Redis | Cluster, keys: KeyLayout): RedisTriggers {
  const reply = z.union([z.literal(0), z.literal(1)]);
  return {
    async createTrigger(trigger, input) {
      const checked = triggerRecordSchema.parse(trigger);
      const env = keys.environment(checked.environment);
      await exec(
        client
          .multi()
          .hset(env.triggers, checked.id, JSON.stringify(checked))
          .hset(env.triggerHashes, checked.tokenHash, checked.id)
          .lpush(env.audit, JSON.stringify(triggerAudit(input, null, checked)))
          .ltrim(env.audit, 0, AUDIT_KEPT - 1),
      );
    },
    async listTriggers(environment) {
      const all = parseJsonList(
        triggerRecordSchema,
        await client.hvals(keys.environment(environment).triggers),
        'a trigger',
      );
      return all.sort((a, b) =>
        a.createdAt === b.createdAt ? a.id.localeCompare(b.id) : a.createdAt < b.createdAt ? -1 : 1,
      );
    },
    async findTriggerByHash(tokenHash, environments) {
      for (const environment of environments) {
        const env = keys.environment(environment);
        const id = optionalString.parse(await client.hget(env.triggerHashes, tokenHash));
        if (id === null) continue;
        const text = optionalString.parse(await client.hget(env.triggers, id));
        const record = text === null ? undefined : parseJson(triggerRecordSchema, text, `trigger "${id}"`);
        if (record?.tokenHash === tokenHash) return record;
      }
      return undefined;
    },
    async deleteTrigger(environment, id, input) {
      const env = keys.environment(environment);
      const text = optionalString.parse(await client.hget(env.triggers, id));
      if (text === null) return false;
      const current = parseJson(triggerRecordSchema, text, `trigger "${id}"`);
      const audit = JSON.stringify(triggerAudit(input, current, null));
      const deleted = await client.eval(
        DELETE_TRIGGER,
        3,
        env.triggers,
        env.triggerHashes,
        env.audit,
        id,
        text,
        current.tokenHash,
        audit,
        String(AUDIT_KEPT),
      );
      // 0: deleted by someone else meanwhile; either way it is gone.
      return reply.parse(deleted) === 1 || (await client.hexists(env.triggers, id)) === 0;
    },
    async appendFlagAudit(environment, flag, input) {
      const list = keys.environment(environment).audit;
      await exec(
        client
          .multi()
          .lpush(list, JSON.stringify(flagEventAudit(input, environment, flag)))
          .ltrim(list, 0, AUDIT_KEPT - 1),
      );
    },
  };
}
