import type { Clause, Flag, Rule, Segment } from '../../src/index.js';

/** A boolean flag that serves `off` unless a rule or target says otherwise. */
export function flagWith(parts: Partial<Flag> & { rules?: Rule[] } = {}): Flag {
  return {
    key: 'f',
    type: 'boolean',
    variants: { on: true, off: false },
    enabled: true,
    offVariant: 'off',
    fallthrough: { variant: 'off' },
    version: 1,
    ...parts,
  };
}

export const rule = (clauses: Clause[], id?: string): Rule => ({
  ...(id ? { id } : {}),
  clauses,
  serve: { variant: 'on' },
});

export const ruleset = (flags: Flag[], segments: Segment[] = []) => ({
  flags: Object.fromEntries(flags.map((f) => [f.key, f])),
  segments: Object.fromEntries(segments.map((s) => [s.key, s])),
});
