import { z } from 'zod';
import { percentageSchema } from '../rollout/percentage.js';

/** What a scheduled change does to a flag when its time comes. */
export const scheduledChangeSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('rollout'), percentage: percentageSchema }),
  z.strictObject({ action: z.literal('enable') }),
  z.strictObject({ action: z.literal('disable') }),
]);
export type ScheduledChange = z.infer<typeof scheduledChangeSchema>;

/** `POST .../flags/:key/schedules` body: an ISO-8601 time with an offset (`Z` or `+02:00`). */
export const scheduleInputSchema = z.strictObject({
  at: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time with a time zone' }),
  change: scheduledChangeSchema,
});
export type ScheduleInput = z.infer<typeof scheduleInputSchema>;

export const SCHEDULE_STATES = ['pending', 'done', 'failed', 'cancelled'] as const;
export const scheduleStateSchema = z.enum(SCHEDULE_STATES);
export type ScheduleState = z.infer<typeof scheduleStateSchema>;

/** A stored schedule. `revision` +1 on every change of state, compared and set atomically. */
export const scheduleSchema = z.strictObject({
  id: z.string().min(1),
  environment: z.string(),
  flag: z.string(),
  /** When to apply, as given (normalised to UTC). */
  at: z.string(),
  change: scheduledChangeSchema,
  state: scheduleStateSchema,
  createdAt: z.string(),
  createdBy: z.string(),
  /** When it was applied, failed or cancelled. */
  finishedAt: z.string().nullable(),
  /** Why it failed, or a note such as "ran 2 h late: no instance was running at its time". */
  note: z.string().nullable(),
  revision: z.number().int().min(1),
});
export type Schedule = z.infer<typeof scheduleSchema>;

export const scheduleListSchema = z.object({ schedules: z.array(scheduleSchema) });
export type ScheduleList = z.infer<typeof scheduleListSchema>;
