import { z } from 'zod';
import { flagSchema } from './flag.js';
import { segmentSchema } from './segment.js';

/** Every flag and segment of one environment, as delivered to server-side SDKs. */
export const rulesetSchema = z.strictObject({
  revision: z.number().int().min(0).optional(),
  flags: z.record(z.string(), flagSchema),
  segments: z.record(z.string(), segmentSchema),
});
export type Ruleset = z.infer<typeof rulesetSchema>;
