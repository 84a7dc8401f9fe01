import type { Clause } from '../../schema/clause.js';
import type { FlagInput, Serve } from '../../schema/flag.js';
import type { SegmentInput } from '../../schema/segment.js';
import type { ImportProblem } from '../import-result.js';
import { Untranslatable } from '../untranslatable.js';

/** A flagd flag definition: `{ flags, $evaluators }`, as flagd reads it. */
export interface FlagdDocument {
  $schema: string;
  flags: Record<
    string,
    {
      state: 'ENABLED' | 'DISABLED';
      variants: Record<string, unknown>;
      defaultVariant: string;
      targeting?: unknown;
    }
  >;
  $evaluators?: Record<string, unknown>;
}

/** What an export to flagd gives: the document, the flags left out, and what serves differently. */
export interface FlagdExport {
  document: FlagdDocument;
  /** Flags not in the document, with the construct flagd cannot express. */
  omitted: ImportProblem[];
  /** Flags in the document that flagd may serve differently to some users, and why. */
  warnings: ImportProblem[];
}

type Logic = Record<string, unknown>;
type Warn = (construct: string, message: string) => void;

/** flagd's targeting key is Switchyard's userId. */
const attributeVar = (attribute: string): Logic => ({
  var: attribute === 'userId' ? 'targetingKey' : attribute,
});

const anyOf = (parts: Logic[]): Logic => (parts.length === 1 ? (parts[0] as Logic) : { or: parts });

const SEMVER: Partial<Record<Clause['op'], string>> = {
  semverEq: '=',
  semverLt: '<',
  semverLte: '<=',
  semverGt: '>',
  semverGte: '>=',
};
const NUMBER: Partial<Record<Clause['op'], string>> = { lt: '<', lte: '<=', gt: '>', gte: '>=' };

/** One clause as JSONLogic: it matches when the attribute matches any of the values. */
function clauseLogic(clause: Clause, warn: Warn): Logic {
  if (clause.op === 'inSegment') {
    const refs = clause.values.map((key) => ({ $ref: `segment:${String(key)}` }));
    const logic = anyOf(refs);
    return clause.negate === true ? { '!': logic } : logic;
  }
  const v = attributeVar(clause.attribute ?? '');
  const values = clause.values;
  let logic: Logic;
  const number = NUMBER[clause.op];
  const semver = SEMVER[clause.op];
  if (clause.op === 'in') logic = { in: [v, values] };
  else if (clause.op === 'startsWith' || clause.op === 'endsWith') {
    const op = clause.op === 'startsWith' ? 'starts_with' : 'ends_with';
    logic = anyOf(values.map((value) => ({ [op]: [v, value] })));
  } else if (clause.op === 'contains') logic = anyOf(values.map((value) => ({ in: [value, v] })));
  else if (number !== undefined) logic = anyOf(values.map((value) => ({ [number]: [v, value] })));
  else if (semver !== undefined) logic = anyOf(values.map((value) => ({ sem_ver: [v, semver, value] })));
  else
    throw new Untranslatable(
      clause.op,
      `flagd's targeting has no "${clause.op}" operator (regular expressions and dates are Switchyard's only)`,
    );
  if (clause.negate !== true) return logic;
  warn(
    'negate',
    `a user without "${clause.attribute}" matches the negated clause in flagd, never in Switchyard`,
  );
  return { '!': logic };
}

const allOf = (clauses: readonly Clause[], warn: Warn): Logic | true =>
  clauses.length === 0
    ? true
    : clauses.length === 1
      ? clauseLogic(clauses[0] as Clause, warn)
      : { and: clauses.map((c) => clauseLogic(c, warn)) };

/**
 * A rollout as `fractional`: our bucketing is flagd's, so the split is the same. flagd hashes flag key
 * + targeting key by default; any other salt or attribute is the bucketing expression `cat`.
 */
function serveLogic(serve: Serve, flag: FlagInput): unknown {
  if ('variant' in serve) return serve.variant;
  const salt = flag.salt ?? flag.key;
  const bucketBy = serve.rollout.bucketBy ?? 'userId';
  const buckets = serve.rollout.variants.filter((v) => v.weight > 0).map((v) => [v.variant, v.weight]);
  if (salt === flag.key && bucketBy === 'userId') return { fractional: buckets };
  return { fractional: [{ cat: [salt, attributeVar(bucketBy)] }, ...buckets] };
}

/** Targets, rules and the fallthrough, in that order, as one `if` chain (or nothing). */
function targeting(flag: FlagInput, warn: Warn): unknown {
  if ((flag.prerequisites ?? []).length > 0)
    throw new Untranslatable('prerequisites', 'flagd has no prerequisites: a flag cannot depend on another');
  const chain: unknown[] = [];
  for (const target of flag.targets ?? [])
    if (target.values.length > 0)
      chain.push({ in: [{ var: 'targetingKey' }, target.values] }, target.variant);
  for (const rule of flag.rules ?? []) chain.push(allOf(rule.clauses, warn), serveLogic(rule.serve, flag));
  const rest = serveLogic(flag.fallthrough, flag);
  if (chain.length === 0) {
    if (rest === flag.offVariant) return undefined;
    // flagd's targeting is an expression, never a bare variant name.
    return typeof rest === 'string' ? { if: [true, rest] } : rest;
  }
  return { if: rest === flag.offVariant ? chain : [...chain, rest] };
}

function segmentLogic(segment: SegmentInput, warn: Warn): unknown {
  const key = { var: 'targetingKey' };
  const alternatives: unknown[] = [];
  if ((segment.included ?? []).length > 0) alternatives.push({ in: [key, segment.included] });
  for (const rule of segment.rules ?? []) alternatives.push(allOf(rule.clauses, warn));
  const matches = alternatives.length === 1 ? alternatives[0] : { or: alternatives };
  if ((segment.excluded ?? []).length === 0) return alternatives.length === 0 ? false : matches;
  return { and: [{ '!': { in: [key, segment.excluded] } }, alternatives.length === 0 ? false : matches] };
}

/**
 * Switchyard flags and segments as a flagd flag definition. Segments become `$evaluators`
 * (`segment:<key>`), rollouts `fractional` with the same buckets; a disabled flag is `DISABLED` with
 * its off variant as the default. A flag using what flagd cannot express (prerequisites, `matches`,
 * dates) is left out and named in `omitted`.
 */
export function toFlagd(flags: readonly FlagInput[], segments: readonly SegmentInput[]): FlagdExport {
  const result: FlagdExport = {
    document: { $schema: 'https://flagd.dev/schema/v0/flags.json', flags: {} },
    omitted: [],
    warnings: [],
  };
  const evaluators: Record<string, unknown> = {};
  const broken = new Map<string, Untranslatable>();
  const segmentWarnings = new Map<string, ImportProblem[]>();
  for (const segment of segments) {
    const found: ImportProblem[] = [];
    try {
      evaluators[`segment:${segment.key}`] = segmentLogic(segment, (construct, message) =>
        found.push({ flag: '', construct: `segment ${segment.key} ${construct}`, message }),
      );
      segmentWarnings.set(segment.key, found);
    } catch (err) {
      if (!(err instanceof Untranslatable)) throw err;
      broken.set(segment.key, new Untranslatable(`segment ${segment.key} ${err.construct}`, err.message));
    }
  }
  for (const flag of flags) {
    const warnings: ImportProblem[] = [];
    const warn: Warn = (construct, message) => {
      if (!warnings.some((w) => w.construct === construct && w.message === message))
        warnings.push({ flag: flag.key, construct, message });
    };
    try {
      const used = [...(flag.rules ?? [])].flatMap((r) => r.clauses).filter((c) => c.op === 'inSegment');
      for (const key of used.flatMap((c) => c.values.map(String))) {
        const failure = broken.get(key);
        if (failure !== undefined) throw failure;
        for (const w of segmentWarnings.get(key) ?? []) warn(w.construct, w.message);
      }
      const logic = targeting(flag, warn);
      result.document.flags[flag.key] = {
        state: flag.enabled ? 'ENABLED' : 'DISABLED',
        variants: flag.variants,
        defaultVariant: flag.offVariant,
        ...(logic === undefined ? {} : { targeting: logic }),
      };
      result.warnings.push(...warnings);
    } catch (err) {
      if (!(err instanceof Untranslatable)) throw err;
      result.omitted.push({ flag: flag.key, construct: err.construct, message: err.message });
    }
  }
  if (Object.keys(evaluators).length > 0) result.document.$evaluators = evaluators;
  return result;
}
