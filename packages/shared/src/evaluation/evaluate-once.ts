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
  return (compiledRulesets.get(ruleset) ?? compileOnce(ruleset)).evaluate(key, context, defaultValue);
}

function compileOnce(ruleset: RulesetLike): Evaluator {
  const evaluator = createEvaluator(ruleset);
  compiledRulesets.set(ruleset, evaluator);
  return evaluator;
}
