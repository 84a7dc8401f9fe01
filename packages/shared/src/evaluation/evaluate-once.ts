import type { EvaluationResult } from '../schema/evaluation.js';
import { createEvaluator } from './evaluate.js';
import type { ContextOrUserId, Evaluator, RulesetLike } from './evaluator.js';

const compiledRulesets = new WeakMap<RulesetLike, Evaluator>();

/**
 * Evaluates one flag for one context (DESIGN section 5). The ruleset is compiled on first use and the
 * compiled form is kept as long as the ruleset object lives, so treat it as immutable. Never throws.
 */
export function evaluate<T = unknown>(
  key: string,
  context: ContextOrUserId,
  ruleset: RulesetLike,
  defaultValue?: T,
): EvaluationResult<T> {
  let evaluator = compiledRulesets.get(ruleset);
  // Stryker disable next-line ConditionalExpression: compiling again gives the same answers, only slower
  if (evaluator === undefined) {
    evaluator = createEvaluator(ruleset);
    compiledRulesets.set(ruleset, evaluator);
  }
  return evaluator.evaluate(key, context, defaultValue);
}
