import { type Schedule, scheduleSchema } from '@switchyard/shared';
import type { Cluster, Redis } from 'ioredis';
import { parseJson } from '../records.js';
import type { FlagStore } from '../types.js';
import { compareAndSetRevisioned } from './revisioned-hash.js';

export interface RedisSchedules extends Pick<FlagStore, 'compareAndSetSchedule'> {
  /** The schedules of `environments` (the store passes all of them), oldest first. */
  listSchedules(environments: readonly string[]): Promise<Schedule[]>;
}

/** Scheduled changes in Redis: one field per schedule id in its environment's `schedules` hash. */
export function redisSchedules(
  client: Redis | Cluster,
  schedulesKey: (environment: string) => string,
): RedisSchedules {
  return {
    async listSchedules(environments) {
      const schedules: Schedule[] = [];
      for (const environment of environments) {
        const all = await client.hgetall(schedulesKey(environment));
        for (const [id, text] of Object.entries(all))
          schedules.push(parseJson(scheduleSchema, text, `schedule ${environment}/${id}`));
      }
      return schedules.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    },
    compareAndSetSchedule(environment, id, expectedRevision, next) {
      const json = next === null ? null : JSON.stringify(scheduleSchema.parse(next));
      return compareAndSetRevisioned(client, schedulesKey(environment), id, expectedRevision, json);
    },
  };
}
