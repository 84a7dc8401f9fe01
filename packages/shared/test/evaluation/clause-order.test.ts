import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allMatch, compileClauseList } from '../../src/evaluation/clauses.js';
import {
  type Clause,
  compareSemver,
  createEvaluator,
  parseDate,
  parseSemver,
  type Rule,
  type Segment,
} from '../../src/index.js';
import { flagWith, ruleset } from './support.js';

/**
 * The engine tests a rule's clauses in an order of its own (cheap ones first) and parses context
 * versions and dates once per distinct value. Here a naive evaluator, written from the clause semantics
 * of DESIGN section 5 and walking rules and clauses exactly as written, must pick the same rule for
 * random rules, segments and contexts.
 */
type Value = string | number | boolean;

const anyOperand = (op: Clause['op'], operands: readonly Value[], v: unknown): boolean => {
  const numbers = operands.filter((o): o is number => typeof o === 'number' && Number.isFinite(o));
  const strings = operands.filter((o): o is string => typeof o === 'string');
  const semver = (accept: (cmp: number) => boolean) => {
    const parsed = parseSemver(v);
    return (
      parsed !== null &&
      strings.some((o) => {
        const w = parseSemver(o);
        return w !== null && accept(compareSemver(parsed, w));
      })
    );
  };
  const date = (accept: (ms: number, bound: number) => boolean) => {
    const ms = parseDate(v);
    return (
      ms !== null &&
      operands.some((o) => {
        const b = parseDate(o);
        return b !== null && accept(ms, b);
      })
    );
  };
  switch (op) {
    case 'in':
      return operands.some((o) => Object.is(o, v) || (o === 0 && v === 0));
    case 'startsWith':
      return typeof v === 'string' && strings.some((o) => v.startsWith(o));
    case 'endsWith':
      return typeof v === 'string' && strings.some((o) => v.endsWith(o));
    case 'contains':
      return typeof v === 'string' && strings.some((o) => v.includes(o));
    case 'lt':
      return typeof v === 'number' && numbers.some((o) => v < o);
    case 'lte':
      return typeof v === 'number' && numbers.some((o) => v <= o);
    case 'gt':
      return typeof v === 'number' && numbers.some((o) => v > o);
    case 'gte':
      return typeof v === 'number' && numbers.some((o) => v >= o);
    case 'before':
      return date((ms, b) => ms < b);
    case 'after':
      return date((ms, b) => ms > b);
    case 'semverEq':
      return semver((c) => c === 0);
    case 'semverLt':
      return semver((c) => c < 0);
    case 'semverLte':
      return semver((c) => c <= 0);
    case 'semverGt':
      return semver((c) => c > 0);
    case 'semverGte':
      return semver((c) => c >= 0);
    default:
      throw new Error(`not generated: ${op}`);
  }
};

function naiveClause(
  clause: Clause,
  context: Record<string, unknown>,
  segments: readonly Segment[],
): boolean {
  const negate = clause.negate === true;
  if (clause.op === 'inSegment') {
    const inAny = clause.values.some((key) => {
      const s = segments.find((x) => x.key === key);
      if (s === undefined) return false;
      const id = context.userId as string;
      if (s.excluded.includes(id)) return false;
      if (s.included.includes(id)) return true;
      return s.rules.some((r) => r.clauses.every((c) => naiveClause(c, context, [])));
    });
    return inAny !== negate;
  }
  const value = Object.hasOwn(context, clause.attribute as string)
    ? context[clause.attribute as string]
    : undefined;
  if (value === undefined || value === null) return false;
  const elements = Array.isArray(value) ? value : [value];
  return elements.some((e) => anyOperand(clause.op, clause.values, e)) !== negate;
}

const naiveFirstRule = (
  rules: readonly Rule[],
  context: Record<string, unknown>,
  segments: readonly Segment[],
) => rules.findIndex((r) => r.clauses.every((c) => naiveClause(c, context, segments)));

const ATTRIBUTES = ['country', 'version', 'age', 'email', 'signup'] as const;
const versions = fc.constantFrom('1.0.0', '1.2.0', '1.2.0-rc.1', '2.0.0', '2', '10.1.3', 'nope');
const dates = fc.constantFrom('2024-01-01', '2025-06-30T12:00:00Z', '2026-12-31', 1_700_000_000_000, 'soon');
const scalar = fc.oneof(
  fc.constantFrom('DE', 'US', 'FR', 'a@x.io', 'b@y.de', 'x'),
  fc.integer({ min: -3, max: 40 }),
  versions,
  dates,
  fc.boolean(),
);
const STRING_OPS = ['startsWith', 'endsWith', 'contains'] as const;
const clauseArb: fc.Arbitrary<Clause> = fc
  .oneof(
    fc.record({
      attribute: fc.constantFrom(...ATTRIBUTES),
      op: fc.constant('in' as const),
      values: fc.array(scalar, { minLength: 1, maxLength: 4 }),
    }),
    fc.record({
      attribute: fc.constantFrom(...ATTRIBUTES),
      op: fc.constantFrom(...STRING_OPS),
      values: fc.array(fc.constantFrom('D', 'U', '@x', '.de', 'x', '1.'), { minLength: 1, maxLength: 3 }),
    }),
    fc.record({
      attribute: fc.constantFrom(...ATTRIBUTES),
      op: fc.constantFrom('lt', 'lte', 'gt', 'gte' as const),
      values: fc.array(fc.integer({ min: -3, max: 40 }), { minLength: 1, maxLength: 3 }),
    }),
    fc.record({
      attribute: fc.constantFrom(...ATTRIBUTES),
      op: fc.constantFrom('semverEq', 'semverLt', 'semverLte', 'semverGt', 'semverGte' as const),
      values: fc.array(
        versions.filter((v) => v !== 'nope'),
        { minLength: 1, maxLength: 3 },
      ),
    }),
    fc.record({
      attribute: fc.constantFrom(...ATTRIBUTES),
      op: fc.constantFrom('before', 'after' as const),
      values: fc.array(
        dates.filter((d) => d !== 'soon'),
        { minLength: 1, maxLength: 2 },
      ),
    }),
    fc.record({
      op: fc.constant('inSegment' as const),
      values: fc.array(fc.constantFrom('s0', 's1', 's2'), { minLength: 1, maxLength: 2 }),
    }),
  )
  .chain((c) => fc.boolean().map((negate) => (negate ? { ...c, negate } : c)));
const segmentClause = clauseArb.filter((c) => c.op !== 'inSegment');
const users = fc.constantFrom('u-0', 'u-1', 'u-2', 'u-3');
const segmentsArb = fc.tuple(
  ...['s0', 's1', 's2'].map((key) =>
    fc.record({
      key: fc.constant(key),
      included: fc.array(users, { maxLength: 2 }),
      excluded: fc.array(users, { maxLength: 1 }),
      rules: fc.array(fc.record({ clauses: fc.array(segmentClause, { minLength: 1, maxLength: 2 }) }), {
        maxLength: 2,
      }),
      version: fc.constant(1),
    }),
  ),
);
const contextArb = fc
  .tuple(
    users,
    fc.record(
      Object.fromEntries(
        ATTRIBUTES.map((a) => [a, fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.constant(null))]),
      ),
      { requiredKeys: [] },
    ),
  )
  .map(([userId, attributes]) => ({ userId, ...attributes }) as Record<string, unknown>);

describe('rules with several clauses, compiled in an order of their own', () => {
  it('match the first rule a naive rule-by-rule, clause-by-clause evaluation matches', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(clauseArb, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
        segmentsArb,
        fc.array(contextArb, { minLength: 1, maxLength: 6 }),
        (clauseLists, segments, contexts) => {
          const rules: Rule[] = clauseLists.map((clauses) => ({ clauses, serve: { variant: 'on' } }));
          const evaluator = createEvaluator(ruleset([flagWith({ rules })], segments));
          for (const context of contexts) {
            const { reason } = evaluator.evaluate('f', context);
            expect(reason.kind === 'RULE_MATCH' ? reason.ruleIndex : -1).toBe(
              naiveFirstRule(rules, context, segments),
            );
          }
        },
      ),
      { numRuns: 1500 },
    );
  });
});

describe('the compiled clause order', () => {
  const segmentThenCountry: Clause[] = [
    { op: 'inSegment', values: ['beta'] },
    { attribute: 'version', op: 'semverGte', values: ['2.0.0'] },
    { attribute: 'email', op: 'endsWith', values: ['@example.com'] },
    { attribute: 'country', op: 'in', values: ['DE'] },
  ];

  it('leaves a rule at a failing attribute test without testing its segment', () => {
    const looked: string[] = [];
    const clauses = compileClauseList(segmentThenCountry, (key) => ({
      segment: {
        contains: () => {
          looked.push(key);
          return true;
        },
      },
    }));
    const matcher = (context: Record<string, unknown>) => allMatch(clauses, context);
    expect(matcher({ country: 'US', version: '3.0.0', email: 'a@example.com' })).toBe(false);
    expect(looked).toEqual([]);
    expect(matcher({ country: 'DE', version: '3.0.0', email: 'a@example.com' })).toBe(true);
    expect(looked).toEqual(['beta']);
  });
});
