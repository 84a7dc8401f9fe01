import type { Flag } from '@switchyard/shared';

/**
 * The flags whose results may differ after a change: the flags that changed, the flags whose rules
 * refer to a changed segment, and, transitively, every flag that has one of those as a prerequisite.
 * Sorted, so that `change` listeners see a stable order.
 */
export function affectedFlags(
  flags: ReadonlyMap<string, Flag>,
  changedFlags: Iterable<string>,
  changedSegments: ReadonlySet<string>,
): string[] {
  const affected = new Set(changedFlags);
  if (changedSegments.size > 0) {
    for (const flag of flags.values()) {
      if (usesSegment(flag, changedSegments)) affected.add(flag.key);
    }
  }
  // Prerequisite chains are short; repeat until nothing new is added.
  let grew = affected.size > 0;
  while (grew) {
    grew = false;
    for (const flag of flags.values()) {
      if (affected.has(flag.key)) continue;
      if (flag.prerequisites?.some((p) => affected.has(p.flag))) {
        affected.add(flag.key);
        grew = true;
      }
    }
  }
  return [...affected].sort();
}

function usesSegment(flag: Flag, segments: ReadonlySet<string>): boolean {
  for (const rule of flag.rules ?? []) {
    for (const clause of rule.clauses) {
      if (clause.op === 'inSegment' && clause.values.some((v) => typeof v === 'string' && segments.has(v))) {
        return true;
      }
    }
  }
  return false;
}
