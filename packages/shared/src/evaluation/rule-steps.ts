import type { Clause } from '../schema/clause.js';
import type { Rule } from '../schema/flag.js';
import type { CompiledClause, ContextLike } from './clauses.js';

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
  /** The compiled clauses of a single-rule step's rule, kept here to spare a load or two per rule. */
  readonly clauses: readonly CompiledClause[];
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

const NO_CLAUSES: readonly CompiledClause[] = [];

/** The steps for `rules`, whose compiled clause lists are `clauses` (one per rule, in order). */
export function planRuleSteps(
  rules: readonly Rule[],
  clauses: readonly (readonly CompiledClause[])[],
): RuleStep[] {
  const steps: RuleStep[] = [];
  let i = 0;
  while (i < rules.length) {
    const attribute = inAttribute(rules[i] as Rule);
    let end = i + 1;
    if (attribute !== null) while (end < rules.length && inAttribute(rules[end] as Rule) === attribute) end++;
    if (end - i < 2) {
      steps.push({
        index: i,
        clauses: clauses[i] as CompiledClause[],
        attribute: '',
        inherited: false,
        lookup: null,
      });
      i++;
      continue;
    }
    // A run of two or more rules has the attribute of its first.
    const runAttribute = attribute as string;
    const lookup = new Map<unknown, number>();
    for (let r = i; r < end; r++) {
      for (const value of ((rules[r] as Rule).clauses[0] as Clause).values)
        if (!lookup.has(value)) lookup.set(value, r);
    }
    steps.push({
      index: -1,
      clauses: NO_CLAUSES,
      attribute: runAttribute,
      inherited: runAttribute in Object.prototype,
      lookup,
    });
    i = end;
  }
  return steps;
}

/** Above any rule index: the first rule of an array value is the least index found. */
const NO_RULE = 0x3fffffff;

/** The first rule of a lookup step that `context` matches, or -1. Arrays match on any element. */
export function lookupRule(step: RuleStep, context: ContextLike): number {
  const lookup = step.lookup as ReadonlyMap<unknown, number>;
  const value =
    step.inherited && !Object.hasOwn(context, step.attribute) ? undefined : context[step.attribute];
  if (value === undefined || value === null) return -1;
  if (!Array.isArray(value)) return lookup.get(value) ?? -1;
  let first = NO_RULE;
  for (const element of value) {
    const index = lookup.get(element);
    if (index !== undefined) first = Math.min(first, index);
  }
  return first === NO_RULE ? -1 : first;
}
