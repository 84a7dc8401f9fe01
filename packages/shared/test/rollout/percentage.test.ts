import { describe, expect, it } from 'vitest';
import {
  booleanFlagAt,
  createEvaluator,
  flagInputSchema,
  percentageOf,
  rampFallthrough,
} from '../../src/index.js';

describe('booleanFlagAt', () => {
  it.each([0, 5, 12.345, 100])('builds a valid boolean flag whose percentage is %s', (percentage) => {
    const flag = { key: 'checkout', ...booleanFlagAt(percentage) };
    expect(flagInputSchema.parse(flag)).toEqual(flag);
    expect(percentageOf(flag)).toBe(percentage);
    expect(flag.fallthrough.rollout.variants.map((v) => v.variant)).toEqual(['on', 'off']);
  });

  it('serves about the percentage of users it names', () => {
    const evaluator = createEvaluator({
      flags: { checkout: { key: 'checkout', ...booleanFlagAt(20), version: 1 } },
      segments: {},
    });
    let on = 0;
    for (let i = 0; i < 10_000; i++) if (evaluator.evaluate('checkout', { userId: `u-${i}` }).value) on++;
    expect(on).toBeGreaterThan(1_800);
    expect(on).toBeLessThan(2_200);
  });
});

describe('rampFallthrough', () => {
  it('keeps the order of the variants, so users who were in stay in', () => {
    const flag = booleanFlagAt(5);
    flag.fallthrough.rollout.variants.reverse();
    expect(rampFallthrough(flag, 25).fallthrough.rollout.variants).toEqual([
      { variant: 'off', weight: 75_000 },
      { variant: 'on', weight: 25_000 },
    ]);
  });
});
