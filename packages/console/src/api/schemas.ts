import { flagSchema } from '@switchyard/shared';
import { z } from 'zod';

/**
 * Admin API responses that have no schema in @switchyard/shared. Objects are not strict: the console
 * reads the fields it shows and ignores the rest, so a server that adds a field does not break it.
 */

export const environmentSchema = z.object({ key: z.string(), name: z.string() });
export type Environment = z.infer<typeof environmentSchema>;
export const environmentListSchema = z.object({ environments: z.array(environmentSchema) });

export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({ keyId: z.string(), name: z.string() }),
  action: z.string(),
  environment: z.string().nullable(),
  resource: z.object({ kind: z.string(), key: z.string() }),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export const auditListSchema = z.object({ entries: z.array(auditEntrySchema) });

export const historySchema = z.object({ versions: z.array(flagSchema) });

export const minuteMetricsSchema = z.object({
  minute: z.number(),
  variant: z.string().nullable(),
  evaluations: z.number(),
  errors: z.number(),
});
export type MinuteMetrics = z.infer<typeof minuteMetricsSchema>;
export const flagMetricsSchema = z.object({
  fromMinute: z.number(),
  toMinute: z.number(),
  series: z.array(minuteMetricsSchema),
});
export type FlagMetrics = z.infer<typeof flagMetricsSchema>;

const fieldProblemSchema = z.object({ path: z.string(), message: z.string() });

/** `{ error: { code, message, details? } }`, the body of every 4xx and 5xx. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z
      .union([z.array(fieldProblemSchema), z.object({ currentVersion: z.number().nullable() }), z.unknown()])
      .optional(),
  }),
});
