import { createHash } from 'node:crypto';
import {
  asWritten,
  comparableFlag,
  documentDiff,
  type FieldDiff,
  type Flag,
  type FlagInput,
  type FlagsFile,
  type ManagedBy,
  planApply,
  type Segment,
  type SegmentInput,
} from '@switchyard/shared';

/** One write a reconciliation makes, against the version it read (compare-and-set). */
export type ReconcileAction =
  | { kind: 'segment'; key: string; document: SegmentInput; precondition: number | 'absent' }
  | {
      kind: 'flag';
      key: string;
      document: FlagInput;
      managedBy: ManagedBy;
      precondition: number | 'absent';
    }
  | { kind: 'retire'; key: string; precondition: number };

/** JSON with object keys sorted, so that a hash does not depend on the order the file wrote them in. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** The hash of a flag's entry in the file: the same for entries that serve alike. */
export function entryDigest(flag: FlagInput): string {
  return createHash('sha256')
    .update(canonicalJson(comparableFlag(flag)))
    .digest('base64url');
}

/**
 * What reconciling `file` (at `path`) with an environment writes. The plan is `switchyard apply`'s,
 * pruned to the flags this file manages, then:
 * - a flag whose entry in the file is unchanged since it was last applied (same digest) is left as it
 *   is, even if it differs: that difference is the kill switch, toggled in an incident, and the file
 *   wins over it only when the flag's entry in the file changes;
 * - a flag the file lists is (re)marked as the file's; a managed flag the file no longer lists is
 *   retired (archived and handed back to people). Segments are created and updated, never deleted.
 */
export function reconcileActions(
  file: FlagsFile,
  path: string,
  current: { flags: readonly Flag[]; segments: readonly Segment[] },
): ReconcileAction[] {
  const listed = new Set(file.flags.map((flag) => flag.key));
  const listedSegments = new Set(file.segments.map((segment) => segment.key));
  const flags = new Map(current.flags.map((flag) => [flag.key, flag]));
  const desired = new Map(file.flags.map((flag) => [flag.key, flag]));
  const plan = planApply(
    file,
    {
      flags: current.flags.filter((f) => listed.has(f.key) || f.managedBy?.file === path),
      segments: current.segments.filter((segment) => listedSegments.has(segment.key)),
    },
    { prune: true },
  );
  return plan.steps.flatMap((step): ReconcileAction[] => {
    if (step.kind === 'segment') {
      if (step.action === 'create' || step.action === 'update')
        return [
          {
            kind: 'segment',
            key: step.key,
            document: step.document as SegmentInput,
            precondition: step.action === 'create' ? 'absent' : step.version,
          },
        ];
      return [];
    }
    if (step.action === 'delete') return [{ kind: 'retire', key: step.key, precondition: step.version }];
    const document = desired.get(step.key) as FlagInput;
    const managedBy = { file: path, digest: entryDigest(document) };
    if (step.action === 'create')
      return [{ kind: 'flag', key: step.key, document, managedBy, precondition: 'absent' }];
    const live = flags.get(step.key) as Flag;
    const applied = live.managedBy?.file === path && live.managedBy.digest === managedBy.digest;
    if (applied) return [];
    return [{ kind: 'flag', key: step.key, document, managedBy, precondition: step.version }];
  });
}

/** Flags whose live state differs from their entry in the file (`before` live, `after` the file). */
export function driftOf(file: FlagsFile, flags: readonly Flag[]): { key: string; diffs: FieldDiff[] }[] {
  const live = new Map(flags.map((flag) => [flag.key, flag]));
  return file.flags.flatMap((entry) => {
    const flag = live.get(entry.key);
    if (flag === undefined) return [];
    const diffs = documentDiff(comparableFlag(asWritten(flag)), comparableFlag(entry));
    return diffs.length === 0 ? [] : [{ key: entry.key, diffs }];
  });
}
