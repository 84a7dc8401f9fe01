import { flagInputSchema } from '../schema/flag.js';
import { validationProblems } from '../schema/problems.js';
import { segmentInputSchema } from '../schema/segment.js';
import type { Translation } from './import-result.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A Switchyard flags file `{ flags, segments }` (what `switchyard export --format json` prints), each
 * document checked on its own so that one bad flag is a problem named by its key, not a failed import.
 */
export function fromSwitchyard(document: Record<string, unknown>): Translation {
  const result: Translation = { flags: [], segments: [], problems: [], warnings: [] };
  const list = (name: string) => (Array.isArray(document[name]) ? (document[name] as unknown[]) : []);
  list('segments').forEach((raw, i) => {
    const parsed = segmentInputSchema.safeParse(raw);
    if (parsed.success) result.segments.push(parsed.data);
    else {
      const key = isObject(raw) && typeof raw.key === 'string' ? raw.key : `segments.${i}`;
      const first = validationProblems(parsed.error)[0];
      result.problems.push({
        flag: key,
        construct: `segment ${first?.path ?? ''}`.trim(),
        message: first?.message ?? 'invalid',
      });
    }
  });
  list('flags').forEach((raw, i) => {
    const { version: _, ...input } = isObject(raw) ? raw : { version: undefined };
    const parsed = flagInputSchema.safeParse(isObject(raw) ? input : raw);
    if (parsed.success) result.flags.push(parsed.data);
    else {
      const key = isObject(raw) && typeof raw.key === 'string' ? raw.key : `flags.${i}`;
      const first = validationProblems(parsed.error)[0];
      result.problems.push({
        flag: key,
        construct: first?.path ?? '(flag)',
        message: first?.message ?? 'invalid',
      });
    }
  });
  return result;
}
