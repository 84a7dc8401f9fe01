import type { Rule } from '../schema/flag.js';
import type { ContextLike } from './clauses.js';

/**
 * One step of a flag's rule list: either one rule tested by its matcher, or a run of consecutive
 * rules that are each a single `in` clause on the same attribute, answered by one map lookup.
 * Targeting by country, plan or tenant usually looks like that run, and ten rules then cost one
 * lookup instead of ten matcher calls (measured in BENCHMARKS.md). First-match order is kept: the
 * map holds, for each value, the first rule of the run that lists it.
 */
export interface RuleStep {
  /** The rule of a single-rule step; -1 for a lookup step. */
  readonly index: number;
  readonly attribute: string;
  /** The attribute name exists on Object.prototype, so read it as an own property only. */
  readonly inherited: boolean;
  /** value → index of the first rule in the run listing it; null for a single-rule step. */
  readonly lookup: ReadonlyMap<unknown, number> | null;
}

const inAttribute = (rule: Rule): string | null => {
  const clause = rule.clauses.length === 1 ? rule.clauses[0] : undefined;
  return clause?.op === 'in' && clause.negate !== true && clause.attribute !== undefined
    ? clause.attribute
    : null;
};

export function planRuleSteps(rules: readonly Rule[]): RuleStep[] {
  const steps: RuleStep[] = [];
  let i = 0;
  while (i < rules.length) {
    const attribute = inAttribute(rules[i] as Rule);
    let end = i + 1;
    // Stryker disable next-line ConditionalExpression: a run without an attribute is cut to one rule just below
    while (attribute !== null && end < rules.length && inAttribute(rules[end] as Rule) === attribute) end++;
    // Stryker disable next-line ConditionalExpression: without an attribute, end is i + 1
    if (attribute === null || end - i < 2) {
      steps.push({ index: i, attribute: '', inherited: false, lookup: null });
      i++;
      continue;
    }
    const lookup = new Map<unknown, number>();
    for (let r = i; r < end; r++) {
      // Stryker disable next-line OptionalChaining,ArrayDeclaration: every rule of a run has its one clause
      for (const value of (rules[r] as Rule).clauses[0]?.values ?? [])
        if (!lookup.has(value)) lookup.set(value, r);
    }
    steps.push({ index: -1, attribute, inherited: attribute in Object.prototype, lookup });
    i = end;
  }
  return steps;
}

/** The first rule of a lookup step that `context` matches, or -1. Arrays match on any element. */
export function lookupRule(step: RuleStep, context: ContextLike): number {
  const lookup = step.lookup as ReadonlyMap<unknown, number>;
  const value =
    // Stryker disable next-line ConditionalExpression: an inherited value is a function or an object, which no `in` value equals
    step.inherited && !Object.hasOwn(context, step.attribute) ? undefined : context[step.attribute];
  if (value === undefined || value === null) return -1;
  if (!Array.isArray(value)) return lookup.get(value) ?? -1;
  let first = -1;
  for (const element of value) {
    const index = lookup.get(element);
    // Stryker disable next-line EqualityOperator: an equal index is the same rule
    if (index !== undefined && (first < 0 || index < first)) first = index;
  }
  return first;
}
