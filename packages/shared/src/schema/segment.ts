import { z } from 'zod';
import { clauseSchema } from './clause.js';
import { keySchema } from './keys.js';

export const segmentRuleSchema = z.strictObject({
  id: z.string().min(1).max(128).optional(),
  clauses: z.array(
    clauseSchema.refine((c) => c.op !== 'inSegment', {
      message: 'segment rules cannot refer to other segments',
      path: ['op'],
    }),
  ),
});
export type SegmentRule = z.infer<typeof segmentRuleSchema>;

const segmentFields = {
  key: keySchema,
  description: z.string().max(10_000).optional(),
  included: z.array(z.string()).default([]),
  excluded: z.array(z.string()).default([]),
  rules: z.array(segmentRuleSchema).default([]),
};

/** A segment as written: everything but the server-assigned `version`. */
export const segmentInputSchema = z.strictObject(segmentFields);
export type SegmentInput = z.input<typeof segmentInputSchema>;

export const segmentSchema = z.strictObject({ ...segmentFields, version: z.number().int().min(0) });
export type Segment = z.infer<typeof segmentSchema>;
