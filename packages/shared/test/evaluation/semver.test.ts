import { describe, expect, it } from 'vitest';
import { type Clause, compareSemver, evaluate, parseSemver } from '../../src/index.js';
import { flagWith, rule, ruleset } from './support.js';

const parse = (input: string) => {
  const v = parseSemver(input);
  if (v === null) throw new Error(`${input} is not a version`);
  return v;
};
const cmp = (a: string, b: string) => Math.sign(compareSemver(parse(a), parse(b)));

describe('parseSemver', () => {
  it.each<[string, number, number, number, (string | number)[]]>([
    ['1.2.3', 1, 2, 3, []],
    ['10.20.30', 10, 20, 30, []],
    ['0.0.0', 0, 0, 0, []],
    ['3', 3, 0, 0, []],
    ['3.7', 3, 7, 0, []],
    ['1.2.3-alpha', 1, 2, 3, ['alpha']],
    ['1.2.3-0', 1, 2, 3, [0]],
    ['1.2.3-10.2', 1, 2, 3, [10, 2]],
    ['1.2.3-alpha1', 1, 2, 3, ['alpha1']],
    ['1.2.3-1a', 1, 2, 3, ['1a']],
    ['1.2.3-x-y.07a', 1, 2, 3, ['x-y', '07a']],
    ['1.2.3-rc.1+build.5', 1, 2, 3, ['rc', 1]],
    ['1.2.3+build-5.x', 1, 2, 3, []],
    ['1.2.3+exp.sha.5114f85', 1, 2, 3, []],
  ])('reads %s', (input, major, minor, patch, prerelease) => {
    expect(parseSemver(input)).toEqual({ major, minor, patch, prerelease });
  });

  it.each([
    ['a leading v', 'v1.2.3'],
    ['trailing text', '1.2.3x'],
    ['a trailing space', '1.2.3 '],
    ['a leading space', ' 1.2.3'],
    ['leading zeros in a number', '01.2.3'],
    ['a leading zero in a numeric identifier', '1.2.3-01'],
    ['an empty identifier', '1.2.3-alpha..1'],
    ['an empty pre-release', '1.2.3-'],
    ['empty build metadata', '1.2.3+'],
    ['four numbers', '1.2.3.4'],
    ['an underscore', '1.2.3-a_b'],
    ['nothing', ''],
  ])('refuses %s (%s)', (_, input) => {
    expect(parseSemver(input)).toBeNull();
  });

  it.each([[123], [1.5], [null], [undefined], [['1.2.3']], [{}]])('refuses the non-string %j', (input) => {
    expect(parseSemver(input)).toBeNull();
  });
});

describe('compareSemver (SemVer 2.0 section 11)', () => {
  // Each version precedes every later one in the list: the examples of section 11, plus numeric vs
  // alphanumeric identifiers, identifiers compared numerically, and lexical (ASCII) order.
  const ascending = [
    '0.9.9',
    '1.0.0-0',
    '1.0.0-1',
    '1.0.0-2',
    '1.0.0-10',
    '1.0.0-10.1',
    // Alphanumeric, though Number() reads them as -1 and 1: still above every numeric identifier.
    '1.0.0--1',
    '1.0.0-0x1',
    '1.0.0-A',
    '1.0.0-Z',
    '1.0.0-alpha',
    '1.0.0-alpha.0',
    '1.0.0-alpha.1',
    '1.0.0-alpha.1.0',
    '1.0.0-alpha.1.beta',
    '1.0.0-alpha.2',
    '1.0.0-alpha.10',
    '1.0.0-alpha.beta',
    '1.0.0-alphaa',
    '1.0.0-b',
    '1.0.0-beta',
    '1.0.0-beta.2',
    '1.0.0-beta.11',
    '1.0.0-rc.1',
    '1.0.0',
    '1.0.1-alpha',
    '1.0.1',
    '1.0.2',
    '1.0.10',
    '1.1.0',
    '1.2.0',
    '1.10.0',
    '2.0.0',
    '2.1.0',
    '2.1.1',
    '10.0.0',
  ];

  it('orders every pair of the list, both ways round', () => {
    const wrong: string[] = [];
    ascending.forEach((a, i) => {
      for (const b of ascending.slice(i + 1)) {
        if (cmp(a, b) !== -1) wrong.push(`${a} < ${b}`);
        if (cmp(b, a) !== 1) wrong.push(`${b} > ${a}`);
      }
    });
    expect(wrong).toEqual([]);
  });

  it.each([
    ['1.2.3', '1.2.3'],
    ['1.2.3', '1.2.3+build.9'],
    ['2', '2.0.0'],
    ['2.1', '2.1.0'],
    ['1.0.0-rc.1', '1.0.0-rc.1+x'],
    ['1.0.0-alpha.7.x', '1.0.0-alpha.7.x'],
  ])('%s has the precedence of %s', (a, b) => {
    expect(cmp(a, b)).toBe(0);
    expect(cmp(b, a)).toBe(0);
  });
});

describe('semver operators', () => {
  const matches = (op: Clause['op'], operand: string | number, value: unknown) =>
    evaluate(
      'f',
      { v: value },
      ruleset([flagWith({ rules: [rule([{ attribute: 'v', op, values: [operand] }])] })]),
    ).value === true;

  it.each<[Clause['op'], string, string, boolean]>([
    ['semverEq', '1.2.3', '1.2.3', true],
    ['semverEq', '1.2.3', '1.2.4', false],
    ['semverEq', '1.2', '1.2.0+meta', true],
    ['semverLt', '1.2.3', '1.2.2', true],
    ['semverLt', '1.2.3', '1.2.3', false],
    ['semverLt', '1.2.3', '1.2.4', false],
    ['semverLte', '1.2.3', '1.2.3', true],
    ['semverLte', '1.2.3', '1.2.4', false],
    ['semverLte', '1.2.3', '1.2.3-rc.1', true],
    ['semverGt', '1.2.3', '1.2.4', true],
    ['semverGt', '1.2.3', '1.2.3', false],
    ['semverGt', '1.2.3', '1.2.2', false],
    ['semverGte', '1.2.3', '1.2.3', true],
    ['semverGte', '1.2.3', '1.2.3-rc.1', false],
    ['semverGte', '1.0.0-alpha.1', '1.0.0-alpha.beta', true],
  ])('%s %s against %s is %s', (op, operand, value, expected) => {
    expect(matches(op, operand, value)).toBe(expected);
  });

  it('does not read a number as a version, on either side', () => {
    expect(matches('semverEq', '2', 2)).toBe(false);
    expect(matches('semverEq', 2, '2.0.0')).toBe(false);
    expect(matches('semverGte', '1.0.0', 'latest')).toBe(false);
  });

  it('matches any of several operands and skips the ones that are not versions', () => {
    const flag = flagWith({
      rules: [rule([{ attribute: 'v', op: 'semverEq', values: ['nope', 1, '1.0.0', '2.0.0'] }])],
    });
    const rs = ruleset([flag]);
    expect(evaluate('f', { v: '2.0.0' }, rs).value).toBe(true);
    expect(evaluate('f', { v: '1.0.0' }, rs).value).toBe(true);
    expect(evaluate('f', { v: '3.0.0' }, rs).value).toBe(false);
  });
});
