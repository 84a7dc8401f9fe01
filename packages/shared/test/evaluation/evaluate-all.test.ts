import { describe, expect, it } from 'vitest';
import { booleanFlagAt, createEvaluator, type Flag, MAX_PREREQUISITE_DEPTH } from '../../src/index.js';

describe('Evaluator.evaluateAll', () => {
  it('answers every flag for one context, with null for the default', () => {
    const evaluator = createEvaluator({
      flags: {
        everyone: { key: 'everyone', ...booleanFlagAt(100), version: 1 },
        nobody: { key: 'nobody', ...booleanFlagAt(0), version: 1 },
      },
      segments: {},
    });
    const all = evaluator.evaluateAll({ userId: 'u-1' });
    expect(Object.keys(all)).toEqual(['everyone', 'nobody']);
    expect(all.everyone).toEqual(evaluator.evaluate('everyone', { userId: 'u-1' }, null));
    expect([all.everyone?.value, all.nobody?.value]).toEqual([true, false]);
  });
});

/** Flags `l<n>-<i>`, 3 per level, each needing all 3 of the level below: 3^depth prerequisite paths. */
function prerequisiteGraph(depth: number) {
  const flags: Record<string, Flag> = {};
  for (let n = depth; n >= 0; n--)
    for (let i = 0; i < 3; i++) {
      const key = `l${n}-${i}`;
      const prerequisites =
        n === depth ? [] : [0, 1, 2].map((j) => ({ flag: `l${n + 1}-${j}`, variant: 'on' }));
      flags[key] = { key, ...booleanFlagAt(100), prerequisites, version: 1 };
    }
  return flags;
}

/** A context that counts how often a rollout reads its user id (once per flag decided). */
function countingContext() {
  const counter = { reads: 0 };
  const context = {
    get userId() {
      counter.reads++;
      return 'u-1';
    },
  };
  return { context, counter };
}

describe('Evaluator.evaluateAll over a prerequisite graph', () => {
  it('decides each flag about once, not once per path', () => {
    const flags = prerequisiteGraph(MAX_PREREQUISITE_DEPTH);
    const evaluator = createEvaluator({ flags, segments: {} });
    const { context, counter } = countingContext();
    const all = evaluator.evaluateAll(context);
    expect(Object.values(all).every((result) => result.value === true)).toBe(true);
    const count = Object.keys(flags).length;
    expect(counter.reads).toBeLessThanOrEqual(2 * count);
    // The same answers as evaluating each flag on its own.
    for (const key of Object.keys(flags)) expect(all[key]).toEqual(evaluator.evaluate(key, 'u-1', null));
  });

  it('keeps a malformed answer to the flags whose chains are malformed', () => {
    // Too deep from l0, but not from l1 down: the depth a chain starts at decides.
    const flags = prerequisiteGraph(MAX_PREREQUISITE_DEPTH + 1);
    flags.cycleA = {
      key: 'cycleA',
      ...booleanFlagAt(100),
      prerequisites: [{ flag: 'cycleB', variant: 'on' }],
      version: 1,
    };
    flags.cycleB = {
      key: 'cycleB',
      ...booleanFlagAt(100),
      prerequisites: [{ flag: 'cycleA', variant: 'on' }],
      version: 1,
    };
    const evaluator = createEvaluator({ flags, segments: {} });
    const all = evaluator.evaluateAll('u-1');
    for (const key of Object.keys(flags)) expect(all[key]).toEqual(evaluator.evaluate(key, 'u-1', null));
    expect(all['l0-0']?.reason.errorCode).toBe('MALFORMED_FLAG');
    expect(all[`l${MAX_PREREQUISITE_DEPTH + 1}-0`]?.value).toBe(true);
    expect(all.cycleA?.reason.errorCode).toBe('MALFORMED_FLAG');
  });
});
