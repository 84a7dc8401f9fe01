import { z } from 'zod';

/** Why a temporary flag should leave the code: launched (one variant for everyone) or inactive. */
export const STALE_STATUSES = ['launched', 'inactive'] as const;

/** One stale flag in `GET /api/v1/stale-flags`. */
export const staleFlagSchema = z.object({
  key: z.string(),
  environment: z.string(),
  status: z.enum(STALE_STATUSES),
  /** ISO-8601: since when the flag has been in this state. */
  since: z.string(),
  reason: z.string(),
});
export type StaleFlag = z.infer<typeof staleFlagSchema>;

export const staleFlagListSchema = z.object({ flags: z.array(staleFlagSchema) });
export type StaleFlagList = z.infer<typeof staleFlagListSchema>;
