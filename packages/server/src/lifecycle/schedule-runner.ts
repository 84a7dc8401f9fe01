import type { Schedule } from '@switchyard/shared';
import type { FastifyBaseLogger } from 'fastify';
import { ApiError } from '../errors.js';
import type { FlagService } from '../services/flags.js';
import { LeasedRunner } from '../services/leased-loop.js';
import type { Actor, FlagStore } from '../store/types.js';

/** A change applied later than this after its time says so: no instance was running at its time. */
export const LATE_AFTER_MS = 5_000;

export interface ScheduleRunnerOptions {
  store: FlagStore;
  flags: FlagService;
  log: FastifyBaseLogger;
  now: () => number;
  /** How often due changes are looked for; a change applies within one tick of its time. */
  tickMs: number;
  /** This instance's holder of the runner lease (shared with the plan runner). */
  holder?: string;
}

/** The audit log names the schedule itself as the actor of the change it applied. */
export const scheduleActor = (schedule: Pick<Schedule, 'id'>): Actor => ({
  keyId: `schedule:${schedule.id}`,
  name: `schedule ${schedule.id}`,
});

const describeDelay = (ms: number): string => {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7_200) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 360) / 10} h`;
};

/**
 * Applies each pending scheduled change once its time has come. The change is idempotent (ramp to a
 * percentage, enable, disable), so an instance that dies between applying and marking it done leaves
 * nothing wrong behind: the next lease holder applies it again, which changes nothing, and marks it.
 */
export class ScheduleRunner extends LeasedRunner {
  constructor(private readonly options: ScheduleRunnerOptions) {
    super({ ...options, name: 'schedule runner' });
  }

  protected async pass(): Promise<void> {
    const t = this.options.now();
    for (const schedule of await this.options.store.listSchedules()) {
      if (schedule.state === 'pending' && Date.parse(schedule.at) <= t) await this.apply(schedule, t);
    }
  }

  private async apply(schedule: Schedule, t: number): Promise<void> {
    const { flags, store, log } = this.options;
    const lateBy = t - Date.parse(schedule.at);
    const late = lateBy > LATE_AFTER_MS;
    const details = {
      schedule: { id: schedule.id, at: schedule.at, ...(late ? { lateByMs: lateBy } : {}) },
    };
    const { environment, flag, change } = schedule;
    let failure: string | null = null;
    try {
      if (change.action === 'rollout')
        await flags.ramp(environment, flag, change.percentage, undefined, scheduleActor(schedule), details);
      else
        await flags.setEnabled(
          environment,
          flag,
          change.action === 'enable',
          undefined,
          scheduleActor(schedule),
          details,
        );
    } catch (err) {
      // A refused change (flag deleted, archived, no longer boolean) fails the schedule; anything else
      // (the store is down) leaves it pending for the next pass.
      if (!(err instanceof ApiError) || err.status >= 500) throw err;
      failure = err.message;
    }
    const note =
      failure ?? (late ? `ran ${describeDelay(lateBy)} late: no instance was running at its time` : null);
    const finished: Schedule = {
      ...schedule,
      state: failure === null ? 'done' : 'failed',
      finishedAt: new Date(t).toISOString(),
      note,
      revision: schedule.revision + 1,
    };
    await store.compareAndSetSchedule(environment, schedule.id, schedule.revision, finished);
    if (failure !== null)
      log.warn({ environment, flag, schedule: schedule.id, failure }, 'scheduled change failed');
    else if (late)
      log.warn({ environment, flag, schedule: schedule.id, lateByMs: lateBy }, 'scheduled change ran late');
  }
}
