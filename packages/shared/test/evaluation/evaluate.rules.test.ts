import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Clause, createEvaluator, evaluate, type Rule } from '../../src/index.js';
import { flagWith, rule, ruleset } from './support.js';

const matches = (clause: Clause, context: Record<string, unknown>) =>
  evaluate('f', context, ruleset([flagWith({ rules: [rule([clause])] })])).value === true;

describe('clause operators', () => {
  it.each<[string, Clause, Record<string, unknown>, boolean]>([
    ['in: strict equality', { attribute: 'tier', op: 'in', values: [1, 'gold'] }, { tier: 1 }, true],
    ['in: no coercion', { attribute: 'tier', op: 'in', values: [1] }, { tier: '1' }, false],
    ['in: booleans', { attribute: 'beta', op: 'in', values: [true] }, { beta: true }, true],
    [
      'in: any array element',
      { attribute: 'groups', op: 'in', values: ['admins'] },
      { groups: ['staff', 'admins'] },
      true,
    ],
    ['startsWith', { attribute: 'email', op: 'startsWith', values: ['ann'] }, { email: 'ann@x.io' }, true],
    [
      'endsWith',
      { attribute: 'email', op: 'endsWith', values: ['@acme.com', '@acme.org'] },
      { email: 'b@acme.org' },
      true,
    ],
    ['contains', { attribute: 'path', op: 'contains', values: ['/beta/'] }, { path: '/app/beta/x' }, true],
    ['startsWith on a number', { attribute: 'n', op: 'startsWith', values: ['1'] }, { n: 12 }, false],
    [
      'matches (unicode)',
      { attribute: 'name', op: 'matches', values: ['^J\\p{L}+n$'] },
      { name: 'Jöhn' },
      true,
    ],
    ['lt', { attribute: 'age', op: 'lt', values: [18] }, { age: 17.9 }, true],
    ['lte boundary', { attribute: 'age', op: 'lte', values: [18] }, { age: 18 }, true],
    ['gt any value', { attribute: 'age', op: 'gt', values: [65, 30] }, { age: 40 }, true],
    ['gte on a numeric string', { attribute: 'age', op: 'gte', values: [18] }, { age: '40' }, false],
    [
      'before ISO',
      { attribute: 'd', op: 'before', values: ['2026-01-01'] },
      { d: '2025-12-31T23:59:59Z' },
      true,
    ],
    [
      'after epoch ms',
      { attribute: 'd', op: 'after', values: [1_767_225_600_000] },
      { d: '2026-01-01T00:00:01Z' },
      true,
    ],
    ['after on garbage', { attribute: 'd', op: 'after', values: ['2026-01-01'] }, { d: 'soon' }, false],
    [
      'semverEq with build metadata',
      { attribute: 'v', op: 'semverEq', values: ['1.2.3'] },
      { v: '1.2.3+build.5' },
      true,
    ],
    ['semverLt prerelease', { attribute: 'v', op: 'semverLt', values: ['1.0.0'] }, { v: '1.0.0-rc.1' }, true],
    [
      'semverGt numeric identifiers',
      { attribute: 'v', op: 'semverGt', values: ['1.0.0-alpha.2'] },
      { v: '1.0.0-alpha.10' },
      true,
    ],
    ['semverLte short form', { attribute: 'v', op: 'semverLte', values: ['2'] }, { v: '2.0.0' }, true],
    ['negate', { attribute: 'country', op: 'in', values: ['DE'], negate: true }, { country: 'US' }, true],
    [
      'negate never matches a missing attribute',
      { attribute: 'country', op: 'in', values: ['DE'], negate: true },
      {},
      false,
    ],
    [
      'null counts as missing',
      { attribute: 'country', op: 'in', values: ['DE'], negate: true },
      { country: null },
      false,
    ],
    [
      'inherited names are not attributes',
      { attribute: 'constructor', op: 'in', values: ['x'], negate: true },
      {},
      false,
    ],
  ])('%s', (_, clause, context, expected) => {
    expect(matches(clause, context)).toBe(expected);
  });
});

describe('rules', () => {
  it('takes the first rule whose clauses all match, and reports its id and index', () => {
    const flag = flagWith({
      rules: [
        rule(
          [
            { attribute: 'country', op: 'in', values: ['DE'] },
            { attribute: 'age', op: 'gte', values: [18] },
          ],
          'adults-de',
        ),
        rule([{ attribute: 'country', op: 'in', values: ['DE'] }], 'de'),
      ],
    });
    expect(evaluate('f', { country: 'DE', age: 12 }, ruleset([flag])).reason).toEqual({
      kind: 'RULE_MATCH',
      ruleId: 'de',
      ruleIndex: 1,
    });
    expect(evaluate('f', { country: 'DE', age: 30 }, ruleset([flag])).reason).toEqual({
      kind: 'RULE_MATCH',
      ruleId: 'adults-de',
      ruleIndex: 0,
    });
  });

  it('omits ruleId for a rule without an id, and lets an empty rule match everyone', () => {
    const flag = flagWith({ rules: [{ clauses: [], serve: { variant: 'on' } }] });
    expect(evaluate('f', {}, ruleset([flag]))).toEqual({
      value: true,
      variant: 'on',
      reason: { kind: 'RULE_MATCH', ruleIndex: 0 },
    });
  });

  it('targets win over rules', () => {
    const flag = flagWith({ targets: [{ variant: 'off', values: ['u1'] }], rules: [rule([])] });
    expect(evaluate('f', 'u1', ruleset([flag])).reason).toEqual({ kind: 'TARGET_MATCH' });
  });

  // Runs of single-`in` rules on one attribute are answered by one lookup (rule-steps.ts). The same
  // rules with each clause doubled are not eligible for that, so they take the matcher path: both
  // must agree on every context.
  it('answers runs of `in` rules by lookup exactly as the rule-by-rule path does', () => {
    const value = fc.constantFrom<string | number | boolean>('DE', 'FR', 'US', 1, '1', true, 0);
    const ruleArb = fc.record({
      attribute: fc.constantFrom('country', 'country', 'plan'),
      values: fc.array(value, { minLength: 1, maxLength: 3 }),
      negate: fc.boolean(),
    });
    const contextValue = fc.oneof(
      value,
      fc.array(value, { maxLength: 3 }),
      fc.constant(undefined),
      fc.constant(null),
    );
    fc.assert(
      fc.property(
        fc.array(ruleArb, { minLength: 1, maxLength: 8 }),
        contextValue,
        contextValue,
        (specs, country, plan) => {
          const single: Rule[] = specs.map((s, i) =>
            rule(
              [{ attribute: s.attribute, op: 'in', values: s.values, ...(s.negate ? { negate: true } : {}) }],
              `r${i}`,
            ),
          );
          const doubled: Rule[] = single.map((r) => ({ ...r, clauses: [...r.clauses, ...r.clauses] }));
          const context = { userId: 'u', country, plan } as Record<string, unknown>;
          const a = createEvaluator(ruleset([flagWith({ rules: single })])).evaluate('f', context, null);
          const b = createEvaluator(ruleset([flagWith({ rules: doubled })])).evaluate('f', context, null);
          expect(a).toEqual(b);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
