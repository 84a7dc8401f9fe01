import { caseName, evaluationVectors } from '@switchyard/test-support/vectors';
import { describe, expect, it } from 'vitest';
import { createEvaluator, evaluate } from '../../src/index.js';

const ruleset = { flags: evaluationVectors.flags, segments: evaluationVectors.segments };

describe('shared evaluation vectors', () => {
  it.each(evaluationVectors.cases.map((c) => [caseName(c), c] as const))('%s', (_, c) => {
    expect(evaluate(c.flag, c.context, ruleset, c.default)).toEqual(c.expect);
  });

  it('gives the same answers through a compiled evaluator, isEnabled and variation', () => {
    const evaluator = createEvaluator(ruleset);
    for (const c of evaluationVectors.cases) {
      expect(evaluator.evaluate(c.flag, c.context, c.default)).toEqual(c.expect);
      expect(evaluator.variation(c.flag, c.context, c.default)).toEqual(c.expect.value);
      const isBoolean = evaluationVectors.flags[c.flag]?.type === 'boolean';
      expect(evaluator.isEnabled(c.flag, c.context)).toBe(isBoolean && c.expect.value === true);
    }
  });

  it('gives the same results through outcome numbers, equal outcomes meaning equal results', () => {
    const evaluator = createEvaluator(ruleset);
    const byOutcome = new Map<string, string>();
    for (const c of evaluationVectors.cases) {
      const outcome = evaluator.outcomeOf(c.flag, c.context);
      const result = evaluator.resultOf(c.flag, outcome, c.default);
      expect(result).toEqual(c.expect);
      const id = `${c.flag}:${outcome}`;
      const json = JSON.stringify(result.reason) + JSON.stringify(result.variant);
      expect(byOutcome.get(id) ?? json).toBe(json);
      byOutcome.set(id, json);
    }
    expect(new Set(byOutcome.keys()).size).toBeLessThan(evaluationVectors.cases.length);
  });

  it('reads a plain user id as { userId }', () => {
    const evaluator = createEvaluator(ruleset);
    for (const c of evaluationVectors.cases) {
      const { userId, ...rest } = c.context;
      if (typeof userId !== 'string' || Object.keys(rest).length > 0) continue;
      expect(evaluator.evaluate(c.flag, userId, c.default)).toEqual(c.expect);
    }
  });
});
