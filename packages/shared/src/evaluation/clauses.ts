import type { Clause } from '../schema/clause.js';
import { parseDate, parseDateOnce } from './dates.js';
import { compileLinearRegex, type LinearRegex } from './linear-regex.js';
import { compareSemver, parseSemver, parseSemverOnce, type SemVer } from './semver.js';

/** A context as the engine sees it: any object; values of the wrong type simply do not match. */
export type ContextLike = Readonly<Record<string, unknown>>;

/**
 * Where an `inSegment` clause finds a segment: resolved once, when the clause is compiled, and filled
 * in, replaced or emptied (null) as the segment of that key is set or deleted, so that evaluating does
 * no lookup by name.
 */
export interface SegmentRef {
  segment: { contains(context: ContextLike): boolean } | null;
}

/** The segment reference for a key (the same object for the same key, for as long as it may change). */
export type SegmentRefs = (key: string) => SegmentRef;

/**
 * Operators as small integers, in the order a rule tests its clauses: all of a rule's clauses must
 * match, so a cheap test that fails spares the dearer ones (numbers and sets before string scans,
 * parsed values and segments).
 */
const Kind = {
  Lt: 0,
  Lte: 1,
  Gt: 2,
  Gte: 3,
  In: 4,
  StartsWith: 5,
  EndsWith: 6,
  Contains: 7,
  Before: 8,
  After: 9,
  SemverEq: 10,
  SemverLt: 11,
  SemverLte: 12,
  SemverGt: 13,
  SemverGte: 14,
  Matches: 15,
  InSegment: 16,
} as const;
type Kind = (typeof Kind)[keyof typeof Kind];

const KINDS: Readonly<Record<Clause['op'], Kind>> = {
  lt: Kind.Lt,
  lte: Kind.Lte,
  gt: Kind.Gt,
  gte: Kind.Gte,
  in: Kind.In,
  startsWith: Kind.StartsWith,
  endsWith: Kind.EndsWith,
  contains: Kind.Contains,
  before: Kind.Before,
  after: Kind.After,
  semverEq: Kind.SemverEq,
  semverLt: Kind.SemverLt,
  semverLte: Kind.SemverLte,
  semverGt: Kind.SemverGt,
  semverGte: Kind.SemverGte,
  matches: Kind.Matches,
  inSegment: Kind.InSegment,
};

/**
 * One clause, prepared once: every clause has this one shape, whatever its operator, so that the
 * matching loop below reads its fields monomorphically and calls no per-clause closure. A clause matches
 * any of its values, so `lt` keeps only the largest operand, `gt` the smallest, `semverGte` the lowest
 * version, and so on.
 */
export class CompiledClause {
  readonly kind: Kind;
  readonly attribute: string;
  /** The attribute name exists on Object.prototype, so read it as an own property only. */
  readonly inherited: boolean;
  readonly negate: boolean;
  /** `in` values. */
  readonly set: ReadonlySet<unknown>;
  /** String operands of startsWith/endsWith/contains. */
  readonly strings: readonly string[];
  /** The segments of an `inSegment` clause. */
  readonly segments: readonly SegmentRef[];
  /** The one bound of number and date comparisons (NaN when no operand is valid). */
  readonly bound: number;
  /** The versions a semver clause compares with: the one bound, or every version for `semverEq`. */
  readonly versions: readonly SemVer[];
  readonly regexes: readonly LinearRegex[];

  constructor(clause: Clause, segments: SegmentRefs) {
    const values = clause.values;
    this.kind = KINDS[clause.op];
    // Stryker disable next-line StringLiteral: only inSegment clauses, which read no attribute, have none
    this.attribute = clause.attribute ?? '';
    // Names such as "constructor" would otherwise read Object.prototype through a plain context object.
    this.inherited = this.attribute in Object.prototype;
    this.negate = clause.negate === true;
    this.set = new Set(this.kind === Kind.In ? values : []);
    this.strings = values.filter((v): v is string => typeof v === 'string');
    // Segments are found by string key, which no other value equals.
    this.segments = this.kind === Kind.InSegment ? this.strings.map(segments) : [];
    this.bound = boundOf(this.kind, values);
    this.versions = versionsOf(this.kind, values);
    this.regexes = this.kind === Kind.Matches ? regexesOf(values) : [];
  }
}

// NaN stands for "no bound yet". Math.max and Math.min tell -0 from 0, which no comparison below does.
const max = (a: number, b: number) => (Number.isNaN(a) ? b : Math.max(a, b));
const min = (a: number, b: number) => (Number.isNaN(a) ? b : Math.min(a, b));
// Number.isFinite is false for every non-number.
const asNumber = (v: unknown) => (Number.isFinite(v) ? (v as number) : null);

function extreme(values: readonly unknown[], pick: typeof max, parse: (v: unknown) => number | null) {
  return values.map(parse).reduce<number>((acc, v) => (v === null ? acc : pick(acc, v)), Number.NaN);
}

function boundOf(kind: Kind, values: readonly unknown[]): number {
  if (kind === Kind.Lt || kind === Kind.Lte) return extreme(values, max, asNumber);
  if (kind === Kind.Gt || kind === Kind.Gte) return extreme(values, min, asNumber);
  if (kind === Kind.Before) return extreme(values, max, parseDate);
  if (kind === Kind.After) return extreme(values, min, parseDate);
  return Number.NaN;
}

function versionsOf(kind: Kind, values: readonly unknown[]): SemVer[] {
  if (kind < Kind.SemverEq || kind > Kind.SemverGte) return [];
  const versions = values.map(parseSemver).filter((v): v is SemVer => v !== null);
  if (kind === Kind.SemverEq || versions.length === 0) return versions;
  // `semverLt` any of the versions is `semverLt` the highest one; `semverGt` the lowest.
  const sign = kind === Kind.SemverLt || kind === Kind.SemverLte ? 1 : -1;
  return [versions.reduce((a, b) => (sign * compareSemver(b, a) > 0 ? b : a))];
}

function regexesOf(values: readonly unknown[]): LinearRegex[] {
  // A pattern the schema would refuse (from an older server) matches nothing rather than throwing.
  const regexes: LinearRegex[] = [];
  for (const v of values) {
    const compiled = typeof v === 'string' ? compileLinearRegex(v) : null;
    if (compiled !== null && !('problem' in compiled)) regexes.push(compiled);
  }
  return regexes;
}

function anyString(strings: readonly string[], value: string, kind: Kind): boolean {
  for (let i = 0; i < strings.length; i++) {
    const operand = strings[i] as string;
    if (
      kind === Kind.StartsWith
        ? value.startsWith(operand)
        : kind === Kind.EndsWith
          ? value.endsWith(operand)
          : value.includes(operand)
    )
      return true;
  }
  return false;
}

function semverMatches(c: CompiledClause, value: unknown): boolean {
  const parsed = parseSemverOnce(value);
  if (parsed === null) return false;
  const versions = c.versions;
  for (let i = 0; i < versions.length; i++) {
    const cmp = compareSemver(parsed, versions[i] as SemVer);
    switch (c.kind) {
      case Kind.SemverEq:
        if (cmp === 0) return true;
        break;
      case Kind.SemverLt:
        return cmp < 0;
      case Kind.SemverLte:
        return cmp <= 0;
      case Kind.SemverGt:
        return cmp > 0;
      default:
        return cmp >= 0;
    }
  }
  return false;
}

/** Does one context value (not an array) match any of the clause's values? */
function valueMatches(c: CompiledClause, value: unknown): boolean {
  switch (c.kind) {
    case Kind.In:
      return c.set.has(value);
    case Kind.Lt:
      return typeof value === 'number' && value < c.bound;
    case Kind.Lte:
      return typeof value === 'number' && value <= c.bound;
    case Kind.Gt:
      return typeof value === 'number' && value > c.bound;
    case Kind.Gte:
      return typeof value === 'number' && value >= c.bound;
    case Kind.StartsWith:
    case Kind.EndsWith:
    case Kind.Contains:
      return typeof value === 'string' && anyString(c.strings, value, c.kind);
    case Kind.Before: {
      const ms = parseDateOnce(value);
      return ms !== null && ms < c.bound;
    }
    case Kind.After: {
      const ms = parseDateOnce(value);
      return ms !== null && ms > c.bound;
    }
    case Kind.Matches: {
      if (typeof value !== 'string') return false;
      for (const re of c.regexes) if (re.test(value)) return true;
      return false;
    }
    default:
      return semverMatches(c, value);
  }
}

function segmentMatches(c: CompiledClause, context: ContextLike): boolean {
  const refs = c.segments;
  for (let i = 0; i < refs.length; i++)
    if ((refs[i] as SegmentRef).segment?.contains(context)) return !c.negate;
  return c.negate;
}

/**
 * Does `context` match the clause? It matches when the context value (any element, if it is an array)
 * matches any of the clause's values; `negate` inverts that, but a missing attribute never matches,
 * negated or not.
 */
export function clauseMatches(c: CompiledClause, context: ContextLike): boolean {
  if (c.kind === Kind.InSegment) return segmentMatches(c, context);
  const attribute = c.attribute;
  const value = c.inherited && !Object.hasOwn(context, attribute) ? undefined : context[attribute];
  if (value === undefined || value === null) return false;
  if (typeof value !== 'object' || !Array.isArray(value)) return valueMatches(c, value) !== c.negate;
  for (let i = 0; i < value.length; i++) if (valueMatches(c, value[i])) return !c.negate;
  return c.negate;
}

/** Does `context` match every clause of the list? An empty list matches everyone. */
export function allMatch(clauses: readonly CompiledClause[], context: ContextLike): boolean {
  for (let i = 0; i < clauses.length; i++)
    if (!clauseMatches(clauses[i] as CompiledClause, context)) return false;
  return true;
}

/**
 * Compiles a rule's clauses in the order to test them: by operator cost (see {@link Kind}), keeping the
 * written order among equals. All must match and none has side effects, so the order changes only how
 * soon a rule that does not match is left.
 */
export function compileClauseList(clauses: readonly Clause[], segments: SegmentRefs): CompiledClause[] {
  return clauses.map((clause) => new CompiledClause(clause, segments)).sort((a, b) => a.kind - b.kind);
}
