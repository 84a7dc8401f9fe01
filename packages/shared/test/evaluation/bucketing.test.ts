import { bucketingVectors } from '@switchyard/test-support/vectors';
import { describe, expect, it } from 'vitest';
import {
  booleanFlagAt,
  bucketOf,
  bucketOfHash,
  createBucketer,
  createEvaluator,
  type Flag,
  unitOf,
} from '../../src/index.js';

const IDS = Array.from({ length: 100_000 }, (_, i) => `user-${i.toString(36)}-${(i * 7919) % 100_003}`);

function booleanFlag(key: string, onWeight: number): Flag {
  return { key, ...booleanFlagAt(onWeight / 1000), version: 1 };
}

const share = (hits: number) => (hits / IDS.length) * 100;

describe('bucketOf', () => {
  it.each(bucketingVectors.bucket)('buckets $unit salted $salt into $bucket', ({ salt, unit, bucket }) => {
    expect(bucketOf(salt, unit)).toBe(bucket);
    expect(createBucketer(salt)(unit)).toBe(bucket);
  });

  it('gives the same bucket compiled, even for a salt ending in the first half of a surrogate pair', () => {
    // "\ud83d" + "\ude80x" is "🚀x": the pair spans salt and unit.
    for (const [salt, unit] of [
      ['rocket\ud83d', '\ude80x'],
      ['\ud83d', '\ude80'],
      ['rocket\ud83d', 'x'],
      ['rocket\ud83d', ''],
    ] as const) {
      expect(createBucketer(salt)(unit)).toBe(bucketOf(salt, unit));
    }
    expect(bucketOf('rocket\ud83d', '\ude80x')).toBe(bucketOf('rocket', '🚀x'));
  });

  it('buckets a compiled rollout by the prepared salt, or by the flag key when there is none', () => {
    const halfOn = (key: string, salt?: string): Flag => ({
      ...booleanFlag(key, 50_000),
      ...(salt === undefined ? {} : { salt }),
    });
    const evaluator = createEvaluator({
      flags: { plain: halfOn('plain'), salted: halfOn('salted', 'rocket\ud83d') },
      segments: {},
    });
    for (const unit of ['u-1', 'u-2', '\ude80x', 'user-000017', 'é']) {
      expect(evaluator.isEnabled('plain', unit)).toBe(bucketOf('plain', unit) < 50_000);
      expect(evaluator.isEnabled('salted', unit)).toBe(bucketOf('rocket\ud83d', unit) < 50_000);
    }
  });

  it('maps hashes at both ends and across 2^31 onto buckets 0..99999', () => {
    expect(bucketOfHash(0)).toBe(0);
    expect(bucketOfHash(2 ** 31 - 1)).toBe(49_999);
    expect(bucketOfHash(2 ** 31)).toBe(50_000);
    expect(bucketOfHash(2 ** 32 - 1)).toBe(99_999);
  });

  it('treats only strings and finite numbers as units', () => {
    expect(unitOf('u-1')).toBe('u-1');
    expect(unitOf(42)).toBe('42');
    for (const missing of [undefined, null, true, Number.NaN, Number.POSITIVE_INFINITY, ['u-1'], { id: 1 }]) {
      expect(unitOf(missing)).toBeUndefined();
    }
  });
});

describe('rollouts over 100,000 ids', () => {
  it('keeps every user who was in when the on weight is raised', () => {
    const steps = [1_000, 5_000, 25_000, 50_000, 99_999, 100_000];
    const evaluators = steps.map((w) => createEvaluator({ flags: { f: booleanFlag('f', w) }, segments: {} }));
    let previous = 0;
    for (let s = 1; s < steps.length; s++) {
      let on = 0;
      for (const id of IDS) {
        const before = (evaluators[s - 1] as (typeof evaluators)[number]).isEnabled('f', id);
        const after = (evaluators[s] as (typeof evaluators)[number]).isEnabled('f', id);
        if (before && !after) throw new Error(`${id} turned off when ramping to ${steps[s]}`);
        if (after) on++;
      }
      expect(on).toBeGreaterThanOrEqual(previous);
      previous = on;
    }
    expect(previous).toBe(IDS.length);
  });

  it('serves about 5% at a 5% rollout (within 0.3 points)', () => {
    const evaluator = createEvaluator({ flags: { f: booleanFlag('new-checkout', 5_000) }, segments: {} });
    const on = IDS.filter((id) => evaluator.isEnabled('new-checkout', id)).length;
    expect(Math.abs(share(on) - 5)).toBeLessThan(0.3);
  });

  it('buckets two flags independently: at 10% each, about 1% of users are in both', () => {
    const evaluator = createEvaluator({
      flags: { a: booleanFlag('search-v2', 10_000), b: booleanFlag('dark-mode', 10_000) },
      segments: {},
    });
    const both = IDS.filter(
      (id) => evaluator.isEnabled('search-v2', id) && evaluator.isEnabled('dark-mode', id),
    );
    expect(Math.abs(share(both.length) - 1)).toBeLessThan(0.2);
  });
});
