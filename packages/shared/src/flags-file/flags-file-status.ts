import { z } from 'zod';
import { fieldProblemSchema } from '../schema/problems.js';

/** One field where a flag's live state differs from its entry in the flags file. */
export const fieldDiffSchema = z.object({
  path: z.string(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});

/**
 * The server's flags file (`FLAGS_FILE`) as one environment sees it: which file, whether it reads
 * well now (a bad file leaves the last good one in force), and the flags whose live state differs from
 * the file (`before` live, `after` the file), a kill switch toggled in an incident for one.
 */
export const flagsFileStatusSchema = z.object({
  /** The file, or null when no flags file manages this environment. */
  file: z.string().nullable(),
  environment: z.string(),
  /** False while the file on disk cannot be read or parsed; `problems` say where. */
  valid: z.boolean(),
  problems: z.array(fieldProblemSchema),
  drift: z.array(z.object({ key: z.string(), diffs: z.array(fieldDiffSchema) })),
});
export type FlagsFileStatus = z.infer<typeof flagsFileStatusSchema>;
