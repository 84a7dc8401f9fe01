import { describe, expect, it } from 'vitest';
import { type Clause, evaluate, type Segment } from '../../src/index.js';
import { flagWith, rule, ruleset } from './support.js';

type Op = Clause['op'];

/** Does a rule with this one clause match `context`? (Operands are not validated here on purpose.) */
const matches = (clause: Clause, context: unknown, segments: Segment[] = []) =>
  evaluate(
    'f',
    context as Record<string, unknown>,
    ruleset([flagWith({ rules: [rule([clause])] })], segments),
  ).value === true;
const test = (op: Op, values: unknown[], value: unknown, negate = false) =>
  matches(
    { attribute: 'a', op, values: values as Clause['values'], ...(negate ? { negate } : {}) },
    { a: value },
  );

describe('number operators at their boundaries', () => {
  // A clause matches any of its values, so `lt`/`lte` compare with the largest operand, `gt`/`gte`
  // with the smallest.
  it.each<[Op, unknown[], unknown, boolean]>([
    ['lt', [10], 9.999, true],
    ['lt', [10], 10, false],
    ['lt', [10], 10.001, false],
    ['lt', [10, 20], 15, true],
    ['lt', [20, 10], 19.5, true],
    ['lt', [10, 20], 20, false],
    ['lt', [-5], -5.5, true],
    ['lt', [0], -0, false],
    ['lte', [10], 10, true],
    ['lte', [10], 10.001, false],
    ['lte', [10, 20], 20, true],
    ['lte', [20, 10], 20, true],
    ['lte', [10, 20], 20.5, false],
    ['gt', [10], 10.001, true],
    ['gt', [10], 10, false],
    ['gt', [10], 9, false],
    ['gt', [10, 20], 15, true],
    ['gt', [20, 10], 10.5, true],
    ['gt', [10, 20], 10, false],
    ['gte', [10], 10, true],
    ['gte', [10], 9.999, false],
    ['gte', [10, 20], 10, true],
    ['gte', [20, 10], 10, true],
    ['gte', [20, 10], 9.5, false],
    // Infinity is a number beyond every bound; NaN compares with nothing.
    ['gt', [1e308], Number.POSITIVE_INFINITY, true],
    ['lt', [-1e308], Number.NEGATIVE_INFINITY, true],
    ['lt', [10], Number.POSITIVE_INFINITY, false],
    ['lt', [10], Number.NaN, false],
    ['lte', [10], Number.NaN, false],
    ['gt', [10], Number.NaN, false],
    ['gte', [10], Number.NaN, false],
    // Operands that are not finite numbers are ignored; with none left the clause matches nothing.
    ['lt', ['50', 10], 20, false],
    ['lt', [10, '50'], 20, false],
    ['gt', ['1', 10], 5, false],
    ['lt', ['50'], 20, false],
    ['gte', [true], 1, false],
    ['lt', [Number.POSITIVE_INFINITY], 5, false],
    ['gt', [Number.NEGATIVE_INFINITY], 5, false],
    ['lte', [Number.NaN, 10], 10, true],
    ['gte', [Number.NaN], 10, false],
    // Values that are not numbers never match: no coercion.
    ['lt', [10], '5', false],
    ['lte', [10], '10', false],
    ['gt', [10], '50', false],
    ['gte', [10], '50', false],
    ['gte', [0], true, false],
    ['lt', [10], [5, 50], true],
    ['gt', [10], [5, 6], false],
  ])('%s %j against %j is %s', (op, values, value, expected) => {
    expect(test(op, values, value)).toBe(expected);
  });
});

describe('date operators at their boundaries', () => {
  const jan = '2026-01-01T00:00:00Z';
  const janMs = Date.UTC(2026, 0, 1);
  it.each<[Op, unknown[], unknown, boolean]>([
    ['before', [jan], janMs - 1, true],
    ['before', [jan], janMs, false],
    ['before', [jan], '2025-12-31T23:59:59.999Z', true],
    ['before', [jan], '2026-01-01', false],
    ['before', [janMs], '2026-01-01T01:00+02:00', true],
    ['before', ['2026-01-01', '2026-06-01'], '2026-03-01', true],
    ['before', ['2026-06-01', '2026-01-01'], '2026-05-31', true],
    ['before', ['2026-01-01', '2026-06-01'], '2026-06-01', false],
    ['after', [jan], janMs + 1, true],
    ['after', [jan], janMs, false],
    ['after', [jan], '2026-01-01T00:00:00.001Z', true],
    ['after', ['2026-06-01', '2026-01-01'], '2026-03-01', true],
    ['after', ['2026-01-01', '2026-06-01'], '2026-01-02', true],
    ['after', ['2026-06-01', '2026-01-01'], '2026-01-01', false],
    // Operands and values that are not dates are ignored or never match.
    ['before', ['soon', '2026-01-01'], '2025-06-01', true],
    ['before', ['2026-01-01', 'soon'], '2026-03-01', false],
    ['after', ['later'], '2026-03-01', false],
    ['after', [-1000], 'later', false],
    ['before', [true], 0, false],
    ['before', [jan], Number.NaN, false],
    ['after', [jan], Number.POSITIVE_INFINITY, false],
    ['after', [jan], 'Jan 2 2026', false],
    ['after', [jan], true, false],
    ['before', [jan], ['2027-01-01', '2025-01-01'], true],
  ])('%s %j against %j is %s', (op, values, value, expected) => {
    expect(test(op, values, value)).toBe(expected);
  });
});

describe('string operators', () => {
  it.each<[Op, unknown[], unknown, boolean]>([
    ['startsWith', ['ann'], 'ann', true],
    ['startsWith', ['ann'], 'joann', false],
    ['startsWith', ['x', 'ann'], 'anna', true],
    ['startsWith', ['ann', 'x'], 'anna', true],
    ['startsWith', [''], 'anything', true],
    ['startsWith', [1], '1x', false],
    ['endsWith', ['.io'], 'a.io', true],
    ['endsWith', ['.io'], 'a.io.uk', false],
    ['endsWith', ['x', '.io'], 'a.io', true],
    ['endsWith', [1], 'x1', false],
    ['endsWith', ['2'], 12, false],
    ['contains', ['beta'], 'a-beta-b', true],
    ['contains', ['a.c'], 'abc', false],
    ['contains', ['beta'], 'bet', false],
    ['contains', ['x', 'beta'], 'beta', true],
    ['contains', [1], '010', false],
    ['contains', ['1'], 10, false],
    ['matches', ['^a.c$'], 'abc', true],
    ['matches', ['^a.c$'], 'abcd', false],
    ['matches', ['^x', 'c$'], 'abc', true],
    ['matches', ['^1'], 12, false],
    ['matches', [1], '1', false],
    ['matches', ['^\\u{1F600}$'], '😀', true],
    ['in', ['a', 'b'], 'b', true],
    ['in', ['a', 'b'], 'c', false],
    ['in', [true], 'true', false],
    ['in', [0], false, false],
    ['in', ['x'], ['y', 'x'], true],
    ['in', ['x'], [], false],
  ])('%s %j against %j is %s', (op, values, value, expected) => {
    expect(test(op, values, value)).toBe(expected);
  });
});

describe('negate and missing attributes', () => {
  it.each<[string, unknown, boolean]>([
    ['a value that matches', 'DE', false],
    ['a value that does not match', 'US', true],
    ['a value of the wrong type', 7, true],
    ['an array with a matching element', ['US', 'DE'], false],
    ['an array without one', ['US', 'FR'], true],
    ['an empty array', [], true],
    ['null', null, false],
    ['undefined', undefined, false],
  ])('a negated clause against %s', (_, value, expected) => {
    expect(test('in', ['DE'], value, true)).toBe(expected);
  });

  it('reads inherited names such as "constructor" only as own attributes', () => {
    const clause = (negate: boolean): Clause => ({
      attribute: 'constructor',
      op: 'in',
      values: ['x'],
      negate,
    });
    expect(matches(clause(false), { constructor: 'x' })).toBe(true);
    expect(matches(clause(true), { constructor: 'y' })).toBe(true);
    expect(matches(clause(true), {})).toBe(false);
    const inheritedMethod: Clause = { attribute: 'toString', op: 'startsWith', values: ['f'], negate: true };
    expect(matches(inheritedMethod, {})).toBe(false);
  });

  it('reads a context that is not an object as empty', () => {
    const negated: Clause = { attribute: 'length', op: 'in', values: [99], negate: true };
    expect(matches(negated, 'abc')).toBe(false);
    expect(matches(negated, 42)).toBe(false);
  });
});

describe('inSegment', () => {
  const segment = (key: string, included: string[]): Segment => ({
    key,
    included,
    excluded: [],
    rules: [],
    version: 1,
  });
  const segments = [segment('a', ['u-a']), segment('b', ['u-b'])];
  const inSegment = (values: string[], negate = false): Clause => ({
    op: 'inSegment',
    values,
    ...(negate ? { negate } : {}),
  });

  it.each<[string[], boolean, string, boolean]>([
    [['a', 'b'], false, 'u-a', true],
    [['a', 'b'], false, 'u-b', true],
    [['missing', 'b'], false, 'u-b', true],
    [['a'], false, 'u-b', false],
    [['missing'], false, 'u-a', false],
    [['a', 'b'], true, 'u-c', true],
    [['a', 'b'], true, 'u-b', false],
    [['missing'], true, 'u-a', true],
  ])('%j (negated: %s) for %s is %s', (values, negate, userId, expected) => {
    expect(matches(inSegment(values, negate), { userId }, segments)).toBe(expected);
  });

  it('ignores segment keys that are not strings', () => {
    const clause = { op: 'inSegment', values: [1, 'a'] } as Clause;
    const numbered = { ...segment('1', ['u-1']) };
    expect(matches(clause, { userId: 'u-1' }, [...segments, numbered])).toBe(false);
    expect(matches(clause, { userId: 'u-a' }, segments)).toBe(true);
  });
});

describe('several clauses', () => {
  const both: Clause[] = [
    { attribute: 'country', op: 'in', values: ['DE'] },
    { attribute: 'age', op: 'gte', values: [18] },
  ];
  it.each<[Record<string, unknown>, boolean]>([
    [{ country: 'DE', age: 18 }, true],
    [{ country: 'DE', age: 17 }, false],
    [{ country: 'FR', age: 30 }, false],
    [{ age: 30 }, false],
  ])('all must match: %j is %s', (context, expected) => {
    expect(evaluate('f', context, ruleset([flagWith({ rules: [rule(both)] })])).value).toBe(expected);
  });
});
