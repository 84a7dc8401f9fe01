import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDateOnce } from '../../src/evaluation/dates.js';
import { memoizeStrings } from '../../src/evaluation/memo.js';
import { parseSemverOnce } from '../../src/evaluation/semver.js';
import { parseDate, parseSemver } from '../../src/index.js';

/** `compute` counting its calls per input. */
function counted<T>(compute: (input: string) => T) {
  const calls = new Map<string, number>();
  const fn = (input: string) => {
    calls.set(input, (calls.get(input) ?? 0) + 1);
    return compute(input);
  };
  return { fn, calls: (input: string) => calls.get(input) ?? 0 };
}

describe('memoizeStrings', () => {
  it('computes each distinct input once while they fit, and answers what compute answers', () => {
    const { fn, calls } = counted((s) => s.length);
    const memo = memoizeStrings(fn, 8);
    for (let round = 0; round < 3; round++)
      for (const s of ['a', 'bb', 'ccc', 'dddd']) expect(memo(s)).toBe(s.length);
    expect(['a', 'bb', 'ccc', 'dddd'].map(calls)).toEqual([1, 1, 1, 1]);
  });

  it('remembers a null result too', () => {
    const { fn, calls } = counted(() => null);
    const memo = memoizeStrings(fn, 8);
    expect(memo('x')).toBeNull();
    expect(memo('x')).toBeNull();
    expect(calls('x')).toBe(1);
  });

  it('forgets a value not used again once two generations of other values went by (bounded memory)', () => {
    const { fn, calls } = counted((s) => s.toUpperCase());
    const memo = memoizeStrings(fn, 4);
    memo('first');
    // One generation later it is still known (in the old one)…
    for (let i = 0; i < 4; i++) memo(`a${i}`);
    expect(memo('first')).toBe('FIRST');
    expect(calls('first')).toBe(1);
    // …but after two more full generations without it, it is computed again.
    for (let i = 0; i < 9; i++) memo(`b${i}`);
    expect(memo('first')).toBe('FIRST');
    expect(calls('first')).toBe(2);
  });

  it('keeps a value in steady use however many one-off values pass', () => {
    const { fn, calls } = counted((s) => s.length);
    const memo = memoizeStrings(fn, 4);
    for (let i = 0; i < 1000; i++) {
      memo(`one-off-${i}`);
      if (i % 3 === 0) memo('steady');
    }
    expect(calls('steady')).toBe(1);
    expect(calls('one-off-0')).toBe(1);
  });
});

describe('parsing context values once', () => {
  const candidates = fc.oneof(
    fc.string(),
    fc.constantFrom('1.2.3', '1.2.3-rc.1', '2', 'v1.0.0', '2026-02-29', '2024-02-29T10:00:00Z', '01.2.3'),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
  );

  it('gives the answers of parseSemver and parseDate, the first time and again', () => {
    fc.assert(
      fc.property(fc.array(candidates, { maxLength: 20 }), (inputs) => {
        for (const input of [...inputs, ...inputs]) {
          expect(parseSemverOnce(input)).toEqual(parseSemver(input));
          expect(parseDateOnce(input)).toBe(parseDate(input));
        }
      }),
      { numRuns: 300 },
    );
  });
});
