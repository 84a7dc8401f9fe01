import type { Flag, FlagInput } from '../schema/flag.js';
import type { Segment, SegmentInput } from '../schema/segment.js';
import { documentDiff, type FieldDiff } from './document-diff.js';
import type { FlagsFile } from './flags-file-schema.js';

export type DocumentKind = 'flag' | 'segment';

/** One document's fate in an apply. */
export type ApplyStep =
  | { action: 'create'; kind: DocumentKind; key: string; document: FlagInput | SegmentInput }
  | {
      action: 'update';
      kind: DocumentKind;
      key: string;
      /** The version the change is made against (`If-Match`): a change made meanwhile fails the apply. */
      version: number;
      diffs: FieldDiff[];
      document: FlagInput | SegmentInput;
    }
  | { action: 'delete'; kind: DocumentKind; key: string; version: number }
  | { action: 'unchanged'; kind: DocumentKind; key: string; version: number };

export interface ApplyPlan {
  /** In the order they must be made: segments before the flags that use them, deletions last. */
  steps: ApplyStep[];
  /** Documents on the server that the file does not list and that stay (no `prune`). */
  kept: { kind: DocumentKind; key: string }[];
}

interface Versioned {
  key: string;
  version: number;
}

/**
 * A stored document as written, as a flags file lists it: without the fields only the server sets,
 * `version` and the flags-file marker `managedBy`.
 */
export function asWritten<T extends Versioned & { managedBy?: unknown }>(
  document: T,
): Omit<T, 'version' | 'managedBy'> {
  const { version: _, managedBy: __, ...rest } = document;
  return rest;
}

function planKind<I extends { key: string }, S extends Versioned>(
  kind: DocumentKind,
  desired: readonly I[],
  current: readonly S[],
  normalize: (document: I | Omit<S, 'version' | 'managedBy'>) => unknown,
): { changes: ApplyStep[]; missing: S[] } {
  const byKey = new Map(current.map((document) => [document.key, document]));
  const changes = desired.map((document): ApplyStep => {
    const existing = byKey.get(document.key);
    const input = document as unknown as FlagInput | SegmentInput;
    if (existing === undefined) return { action: 'create', kind, key: document.key, document: input };
    const diffs = documentDiff(normalize(asWritten(existing)), normalize(document));
    return diffs.length === 0
      ? { action: 'unchanged', kind, key: document.key, version: existing.version }
      : { action: 'update', kind, key: document.key, version: existing.version, diffs, document: input };
  });
  const listed = new Set(desired.map((document) => document.key));
  return { changes, missing: current.filter((document) => !listed.has(document.key)) };
}

/**
 * A flag as compared: optional lists that mean the same whether absent or empty left out, the salt
 * that defaults to the key left out. Two flags that serve alike compare (and hash) alike.
 */
export function comparableFlag(flag: FlagInput | Omit<Flag, 'version' | 'managedBy'>): unknown {
  const { salt, ...rest } = flag;
  const normalized: Record<string, unknown> = { ...rest };
  if (salt !== undefined && salt !== flag.key) normalized.salt = salt;
  for (const list of ['tags', 'prerequisites', 'targets', 'rules'] as const)
    if (Array.isArray(normalized[list]) && (normalized[list] as unknown[]).length === 0)
      delete normalized[list];
  return normalized;
}

function normalizeSegment(segment: SegmentInput | Omit<Segment, 'version' | 'managedBy'>): unknown {
  return { included: [], excluded: [], rules: [], ...segment };
}

/**
 * What applying a flags file to an environment does: each listed document is created, updated (with
 * the fields that change) or left alone; documents the file does not list are deleted only with
 * `prune`. Pure: the caller reads the server and makes the changes.
 */
export function planApply(
  file: FlagsFile,
  current: { flags: readonly Flag[]; segments: readonly Segment[] },
  { prune = false }: { prune?: boolean } = {},
): ApplyPlan {
  const segments = planKind('segment', file.segments, current.segments, normalizeSegment);
  const flags = planKind('flag', file.flags, current.flags, comparableFlag);
  const missing = [
    ...flags.missing.map((flag) => ({ kind: 'flag' as const, key: flag.key, version: flag.version })),
    ...segments.missing.map((segment) => ({
      kind: 'segment' as const,
      key: segment.key,
      version: segment.version,
    })),
  ];
  return {
    steps: [
      ...segments.changes,
      ...flags.changes,
      ...(prune ? missing.map((document): ApplyStep => ({ action: 'delete', ...document })) : []),
    ],
    kept: prune ? [] : missing.map(({ kind, key }) => ({ kind, key })),
  };
}
