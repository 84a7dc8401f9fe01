import {
  booleanFlagAt,
  type FieldProblem,
  type FlagInput,
  type FlagType,
  flagInputSchema,
  validationProblems,
} from '@switchyard/shared';
import { lines } from './clause-draft.js';

export interface NewFlagDraft {
  key: string;
  type: FlagType;
  description: string;
  tags: string;
  /** For non-boolean flags: `name = value`, one per line; the first is served by default and when off. */
  variantsText: string;
}

export const emptyNewFlag = (): NewFlagDraft => ({
  key: '',
  type: 'boolean',
  description: '',
  tags: '',
  variantsText: '',
});

function parseValue(type: FlagType, text: string): unknown {
  if (type === 'string') return text.replace(/^"(.*)"$/, '$1');
  if (type === 'number') return text.trim() === '' ? Number.NaN : Number(text);
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The document a new flag starts as. A boolean flag is on at 0%: nobody gets it until it is ramped,
 * and ramping takes effect at once. Other types serve their first variant.
 */
export function newFlagInput(draft: NewFlagDraft): { input: FlagInput; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const common = {
    key: draft.key.trim(),
    ...(draft.description.trim() ? { description: draft.description.trim() } : {}),
    ...(draft.tags.trim()
      ? {
          tags: draft.tags
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean),
        }
      : {}),
  };
  let input: FlagInput;
  if (draft.type === 'boolean') {
    input = { ...common, ...booleanFlagAt(0) };
  } else {
    const variants: Record<string, unknown> = {};
    for (const line of lines(draft.variantsText)) {
      const at = line.indexOf('=');
      const name = (at < 0 ? line : line.slice(0, at)).trim();
      const value = parseValue(draft.type, at < 0 ? '' : line.slice(at + 1).trim());
      if (value === undefined || Number.isNaN(value)) {
        problems.push({
          path: `variants.${name}`,
          message: `"${line}" needs a ${draft.type} value after "="`,
        });
      }
      variants[name] = value ?? null;
    }
    const first = Object.keys(variants)[0] ?? '';
    input = {
      ...common,
      type: draft.type,
      variants: variants as FlagInput['variants'],
      enabled: true,
      offVariant: first,
      fallthrough: { variant: first },
    };
  }
  const parsed = flagInputSchema.safeParse(input);
  if (!parsed.success) problems.push(...validationProblems(parsed.error));
  return { input, problems };
}
