import type { Cluster, Redis } from 'ioredis';
import { storeChangeSchema } from '../records.js';
import type { StoreChange } from '../types.js';
import type { KeyLayout } from './key-layout.js';
import { exec, optionalString, parseJsonList, stringList } from './replies.js';

export interface RedisChanges {
  /** The stored changes after `revision`, oldest first, or null when they are no longer all held. */
  changesSince(environment: string, revision: number): Promise<StoreChange[] | null>;
  /** The current revision of each of `environments`. */
  revisions(environments: readonly string[]): Promise<Map<string, number>>;
}

/** Reads of each environment's revision counter and its change log (a sorted set scored by revision). */
export function redisChanges(client: Redis | Cluster, keys: KeyLayout): RedisChanges {
  return {
    async changesSince(environment, revision) {
      const env = keys.environment(environment);
      const [current, oldest, newer] = await exec(
        client
          .multi()
          .get(env.revision)
          .zrange(env.changes, 0, 0, 'WITHSCORES')
          .zrangebyscore(env.changes, `(${revision}`, '+inf'),
      );
      const currentRevision = Number(optionalString.parse(current) ?? 0);
      if (revision > currentRevision || revision < 0) return null;
      if (revision === currentRevision) return [];
      const oldestRevision = Number(stringList.parse(oldest)[1] ?? Number.NaN);
      if (!(oldestRevision <= revision + 1)) return null;
      const changes = parseJsonList(storeChangeSchema, newer, 'a stored change');
      return changes.length === currentRevision - revision ? changes : null;
    },
    async revisions(environments) {
      const pipeline = client.pipeline();
      for (const env of environments) pipeline.get(keys.environment(env).revision);
      const replies = await exec(pipeline);
      return new Map(environments.map((env, i) => [env, Number(optionalString.parse(replies[i]) ?? 0)]));
    },
  };
}
