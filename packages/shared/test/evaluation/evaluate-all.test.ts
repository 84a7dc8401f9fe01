import { describe, expect, it } from 'vitest';
import { booleanFlagAt, createEvaluator } from '../../src/index.js';

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
