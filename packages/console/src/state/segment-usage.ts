import type { Flag } from '@switchyard/shared';

/** A flag whose rules name a segment, with the rules that do (numbered from 1, as the page shows them). */
export interface SegmentUse {
  flag: Flag;
  rules: number[];
}

/** The flags of an environment whose rules test "is in segment `key`", by key; archived ones are not served. */
export function flagsUsingSegment(flags: Record<string, Flag>, key: string): SegmentUse[] {
  const uses: SegmentUse[] = [];
  for (const flag of Object.values(flags)) {
    if (flag.archived) continue;
    const rules = (flag.rules ?? []).flatMap((rule, i) =>
      rule.clauses.some((c) => c.op === 'inSegment' && c.values.includes(key)) ? [i + 1] : [],
    );
    if (rules.length > 0) uses.push({ flag, rules });
  }
  return uses.sort((a, b) => a.flag.key.localeCompare(b.flag.key));
}
