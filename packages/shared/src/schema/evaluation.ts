import { z } from 'zod';
import { ERROR_CODES, REASON_KINDS } from '../evaluation/reason-lists.js';

export const reasonKindSchema = z.enum(REASON_KINDS);
export type ReasonKind = z.infer<typeof reasonKindSchema>;

export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** Why a value was served; only the fields that apply are present. */
export const reasonSchema = z.strictObject({
  kind: reasonKindSchema,
  ruleId: z.string().optional(),
  ruleIndex: z.number().int().min(0).optional(),
  prerequisiteKey: z.string().optional(),
  errorCode: errorCodeSchema.optional(),
  inRollout: z.literal(true).optional(),
});
export type Reason = z.infer<typeof reasonSchema>;

export const evaluationResultSchema = z.strictObject({
  value: z.json(),
  variant: z.string().nullable(),
  reason: reasonSchema,
});

export interface EvaluationResult<T = unknown> {
  value: T;
  variant: string | null;
  reason: Reason;
}
