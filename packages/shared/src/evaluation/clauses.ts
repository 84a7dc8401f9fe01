import type { Clause } from '../schema/clause.js';
import { parseDate } from './dates.js';
import { compileLinearRegex, type LinearRegex } from './linear-regex.js';
import { compareSemver, parseSemver, type SemVer } from './semver.js';

/** A context as the engine sees it: any object; values of the wrong type simply do not match. */
export type ContextLike = Readonly<Record<string, unknown>>;

/** Finds a compiled segment by key, for `inSegment` clauses. */
export type SegmentLookup = (key: string) => { contains(context: ContextLike): boolean } | undefined;

/** A compiled clause: does `context` match it? */
export type Matcher = (context: ContextLike, segments: SegmentLookup) => boolean;

type ValueTest = (value: unknown) => boolean;

function extreme(
  values: readonly unknown[],
  pick: (a: number, b: number) => number,
  parse: (v: unknown) => number | null,
) {
  return values.map(parse).reduce<number>((acc, v) => (v === null ? acc : pick(acc, v)), Number.NaN);
}
// NaN stands for "no bound yet". Math.max and Math.min tell -0 from 0, which no comparison below does.
const max = (a: number, b: number) => (Number.isNaN(a) ? b : Math.max(a, b));
const min = (a: number, b: number) => (Number.isNaN(a) ? b : Math.min(a, b));
// Number.isFinite is false for every non-number.
const asNumber = (v: unknown) => (Number.isFinite(v) ? (v as number) : null);

function semverTest(values: readonly unknown[], accept: (cmp: number) => boolean): ValueTest {
  const versions = values.map(parseSemver).filter((v): v is SemVer => v !== null);
  return (value) => {
    const parsed = parseSemver(value);
    if (parsed === null) return false;
    for (const v of versions) if (accept(compareSemver(parsed, v))) return true;
    return false;
  };
}

function stringTest(
  values: readonly unknown[],
  test: (value: string, operand: string) => boolean,
): ValueTest {
  const operands = values.filter((v): v is string => typeof v === 'string');
  return (value) => {
    if (typeof value !== 'string') return false;
    for (const operand of operands) if (test(value, operand)) return true;
    return false;
  };
}

/**
 * "Does one context value match any of the clause's values?" Values are prepared once here, so that a
 * test is a set lookup or one comparison: a clause matches any of its values, so `lt` needs only the
 * largest operand, `gt` the smallest, and so on.
 */
function compileValueTest(op: Exclude<Clause['op'], 'inSegment'>, values: readonly unknown[]): ValueTest {
  switch (op) {
    case 'in': {
      const set = new Set(values);
      return (value) => set.has(value);
    }
    case 'startsWith':
      return stringTest(values, (v, o) => v.startsWith(o));
    case 'endsWith':
      return stringTest(values, (v, o) => v.endsWith(o));
    case 'contains':
      return stringTest(values, (v, o) => v.includes(o));
    case 'matches': {
      // A pattern the schema would refuse (from an older server) matches nothing rather than throwing.
      const regexes: LinearRegex[] = [];
      for (const v of values) {
        const compiled = typeof v === 'string' ? compileLinearRegex(v) : null;
        if (compiled !== null && !('problem' in compiled)) regexes.push(compiled);
      }
      return (value) => {
        if (typeof value !== 'string') return false;
        for (const re of regexes) if (re.test(value)) return true;
        return false;
      };
    }
    case 'lt': {
      const bound = extreme(values, max, asNumber);
      return (value) => typeof value === 'number' && value < bound;
    }
    case 'lte': {
      const bound = extreme(values, max, asNumber);
      return (value) => typeof value === 'number' && value <= bound;
    }
    case 'gt': {
      const bound = extreme(values, min, asNumber);
      return (value) => typeof value === 'number' && value > bound;
    }
    case 'gte': {
      const bound = extreme(values, min, asNumber);
      return (value) => typeof value === 'number' && value >= bound;
    }
    case 'before': {
      const bound = extreme(values, max, parseDate);
      return (value) => {
        const ms = parseDate(value);
        return ms !== null && ms < bound;
      };
    }
    case 'after': {
      const bound = extreme(values, min, parseDate);
      return (value) => {
        const ms = parseDate(value);
        return ms !== null && ms > bound;
      };
    }
    case 'semverEq':
      return semverTest(values, (c) => c === 0);
    case 'semverLt':
      return semverTest(values, (c) => c < 0);
    case 'semverLte':
      return semverTest(values, (c) => c <= 0);
    case 'semverGt':
      return semverTest(values, (c) => c > 0);
    case 'semverGte':
      return semverTest(values, (c) => c >= 0);
  }
}

function compileSegmentClause(clause: Clause): Matcher {
  // Segments are found by string key, which no other value equals.
  const keys = clause.values as readonly string[];
  const negate = clause.negate === true;
  return (context, segments) => {
    for (const key of keys) if (segments(key)?.contains(context)) return !negate;
    return negate;
  };
}

/**
 * Compiles a clause. It matches when the context value (any element, if it is an array) matches any of
 * the clause's values; `negate` inverts that, but a missing attribute never matches, negated or not.
 */
export function compileClause(clause: Clause): Matcher {
  if (clause.op === 'inSegment') return compileSegmentClause(clause);
  const test = compileValueTest(clause.op, clause.values);
  // Stryker disable next-line StringLiteral: only inSegment clauses, compiled above, have no attribute
  const attribute = clause.attribute ?? '';
  const negate = clause.negate === true;
  // Names such as "constructor" would otherwise read Object.prototype through a plain context object.
  const inherited = attribute in Object.prototype;
  return (context) => {
    const value = inherited && !Object.hasOwn(context, attribute) ? undefined : context[attribute];
    if (value === undefined || value === null) return false;
    if (Array.isArray(value)) {
      for (const element of value) if (test(element)) return !negate;
      return negate;
    }
    return test(value) !== negate;
  };
}

/** All clauses must match; an empty list matches everyone. */
export function compileClauses(clauses: readonly Clause[]): Matcher {
  const matchers = clauses.map(compileClause);
  // Stryker disable next-line ConditionalExpression: a shortcut; for `false` the loop below gives the same answer for one matcher (`true` shares the line)
  if (matchers.length === 1) return matchers[0] as Matcher;
  return (context, segments) => {
    for (const m of matchers) if (!m(context, segments)) return false;
    return true;
  };
}
