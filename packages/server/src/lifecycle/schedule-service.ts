import { randomUUID } from 'node:crypto';
import { type Schedule, scheduleInputSchema } from '@switchyard/shared';
import { ApiError, parseOrThrow } from '../errors.js';
import { requireEnvironment } from '../services/environments.js';
import { assertNotManaged } from '../services/managed-flags.js';
import type { Actor, FlagStore } from '../store/types.js';

/** Pending changes one flag may have at once: a ramp calendar, not a queue. */
export const MAX_PENDING_PER_FLAG = 50;

export interface ScheduleService {
  create(env: string, key: string, body: unknown, actor: Actor): Promise<Schedule>;
  /** Every schedule of the flag (pending and finished), by time. */
  list(env: string, key: string): Promise<Schedule[]>;
  cancel(env: string, key: string, id: string, actor: Actor): Promise<Schedule>;
}

/**
 * Scheduled changes ("ramp to 25% on Monday 09:00"): stored pending, applied by the schedule runner
 * on the instance holding its lease, then marked done or failed. Every change of state is
 * compare-and-set on the schedule's revision, so cancelling and running never both win.
 */
export function createScheduleService(store: FlagStore, now: () => number): ScheduleService {
  const ofFlag = async (env: string, key: string) =>
    (await store.listSchedules()).filter((s) => s.environment === env && s.flag === key);

  return {
    async create(env, key, body, actor) {
      await requireEnvironment(store, env);
      const input = parseOrThrow(scheduleInputSchema, body, 'schedule');
      const flag = await store.getFlag(env, key);
      if (flag === undefined) throw new ApiError('SY_ERR_FLAG_NOT_FOUND', `No flag "${key}" in "${env}"`);
      assertNotManaged(flag, 'schedule.create');
      if (flag.archived) throw new ApiError('SY_ERR_FLAG_ARCHIVED', `"${key}" is archived`);
      if (input.change.action === 'rollout' && flag.type !== 'boolean') {
        throw new ApiError('SY_ERR_NOT_BOOLEAN', `"${key}" is a ${flag.type} flag; only boolean flags ramp`);
      }
      const at = Date.parse(input.at);
      if (at <= now()) {
        throw new ApiError('SY_ERR_VALIDATION', 'Invalid schedule: at: must be in the future', [
          { path: 'at', message: 'must be in the future' },
        ]);
      }
      const pending = (await ofFlag(env, key)).filter((s) => s.state === 'pending');
      if (pending.length >= MAX_PENDING_PER_FLAG) {
        throw new ApiError(
          'SY_ERR_VALIDATION',
          `Invalid schedule: "${key}" has ${MAX_PENDING_PER_FLAG} pending changes already`,
          [{ path: 'at', message: `at most ${MAX_PENDING_PER_FLAG} pending changes per flag` }],
        );
      }
      const schedule: Schedule = {
        id: randomUUID(),
        environment: env,
        flag: key,
        at: new Date(at).toISOString(),
        change: input.change,
        state: 'pending',
        createdAt: new Date(now()).toISOString(),
        createdBy: actor.name,
        finishedAt: null,
        note: null,
        revision: 1,
      };
      await store.compareAndSetSchedule(env, schedule.id, null, schedule);
      return schedule;
    },

    async list(env, key) {
      await requireEnvironment(store, env);
      return (await ofFlag(env, key)).sort((a, b) => a.at.localeCompare(b.at));
    },

    async cancel(env, key, id, actor) {
      await requireEnvironment(store, env);
      const schedule = (await ofFlag(env, key)).find((s) => s.id === id);
      if (schedule === undefined)
        throw new ApiError('SY_ERR_SCHEDULE_NOT_FOUND', `"${key}" has no scheduled change "${id}"`);
      const cancelled: Schedule = {
        ...schedule,
        state: 'cancelled',
        finishedAt: new Date(now()).toISOString(),
        note: `cancelled by ${actor.name}`,
        revision: schedule.revision + 1,
      };
      const won =
        schedule.state === 'pending' &&
        (await store.compareAndSetSchedule(env, id, schedule.revision, cancelled));
      if (!won) {
        throw new ApiError(
          'SY_ERR_SCHEDULE_NOT_PENDING',
          `The change scheduled for ${schedule.at} is ${schedule.state === 'pending' ? 'running now' : schedule.state}`,
        );
      }
      return cancelled;
    },
  };
}
