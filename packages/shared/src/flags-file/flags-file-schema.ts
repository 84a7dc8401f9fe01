import { z } from 'zod';
import { flagInputSchema } from '../schema/flag.js';
import { segmentInputSchema } from '../schema/segment.js';

/** Keys listed twice in one list of a flags file: the file would say two things about one document. */
function checkUniqueKeys(list: readonly { key: string }[], field: string, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  list.forEach(({ key }, i) => {
    if (seen.has(key))
      ctx.addIssue({ code: 'custom', path: [field, i, 'key'], message: `"${key}" is listed twice` });
    seen.add(key);
  });
}

/**
 * A flags file (flags as code): the admin API's flag and segment documents without `version`, as
 * YAML or JSON, applied to one environment. It is the desired state of the documents it lists.
 */
export const flagsFileSchema = z
  .strictObject({
    flags: z.array(flagInputSchema).default([]),
    segments: z.array(segmentInputSchema).default([]),
  })
  .superRefine((file, ctx) => {
    checkUniqueKeys(file.flags, 'flags', ctx);
    checkUniqueKeys(file.segments, 'segments', ctx);
  });
export type FlagsFile = z.output<typeof flagsFileSchema>;

/**
 * The JSON Schema of a flags file, generated from the same zod schemas the server validates with, for
 * editors (`# yaml-language-server: $schema=...`). Cross-field rules (weights summing to 100000,
 * variants that exist) are checked by `switchyard apply` and the server, not by the schema.
 */
export function flagsFileJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(flagsFileSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'Switchyard flags file',
    description:
      'Flags and segments of one environment as code: the admin API documents without "version". Apply with `switchyard apply -f <file> --env <name>`.',
  };
}
