import type { Clause, Flag, Segment } from '@switchyard/shared';

/**
 * The generated flags and segments in flagd's format, with the same meaning: an `if` chain of the rules
 * (each an `and` of its clauses) ending in `fractional`, and each segment a shared `$evaluators` entry
 * that rules reach through `$ref`. Weights stay out of 100,000, where flagd's `fractional` and
 * Switchyard's rollout map a hash to the same bucket, so both serve the same variant to the same user.
 */
type Logic = unknown;

const variable = (attribute: string) => ({ var: attribute === 'userId' ? 'targetingKey' : attribute });
const anyOf = (tests: Logic[]): Logic => (tests.length === 1 ? tests[0] : { or: tests });
const allOf = (tests: Logic[]): Logic => (tests.length === 1 ? tests[0] : { and: tests });
const NUMERIC = { lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

function clauseLogic(clause: Clause): Logic {
  const attribute = clause.attribute ?? '';
  const v = variable(attribute);
  switch (clause.op) {
    case 'in':
      return { in: [v, clause.values] };
    case 'startsWith':
      return anyOf(clause.values.map((value) => ({ starts_with: [v, value] })));
    case 'endsWith':
      return anyOf(clause.values.map((value) => ({ ends_with: [v, value] })));
    case 'semverGte':
      return anyOf(clause.values.map((value) => ({ sem_ver: [v, '>=', value] })));
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte': {
      // A clause matches any of its values: `lt` the largest, `gt` the smallest.
      const numbers = clause.values as number[];
      const bound = clause.op.startsWith('l') ? Math.max(...numbers) : Math.min(...numbers);
      const compare = { [NUMERIC[clause.op]]: [v, bound] };
      // JSON Logic reads a missing attribute as null, and null < 5 is true in JavaScript; in both
      // engines a missing attribute matches no clause, so the comparison is guarded.
      return clause.op.startsWith('l') ? { and: [{ '!==': [v, null] }, compare] } : compare;
    }
    case 'inSegment':
      return anyOf(clause.values.map((key) => ({ $ref: key })));
    default:
      throw new Error(`the realistic scenario does not generate "${clause.op}" clauses`);
  }
}

function segmentLogic(segment: Segment): Logic {
  const member = anyOf([
    ...(segment.included.length > 0 ? [{ in: [{ var: 'targetingKey' }, segment.included] }] : []),
    ...segment.rules.map((rule) => allOf(rule.clauses.map(clauseLogic))),
  ]);
  return segment.excluded.length > 0
    ? { and: [{ '!': { in: [{ var: 'targetingKey' }, segment.excluded] } }, member] }
    : member;
}

function flagLogic(flag: Flag) {
  const fallthrough = flag.fallthrough;
  if (!('rollout' in fallthrough)) throw new Error('the realistic scenario rolls every flag out');
  const fractional = { fractional: fallthrough.rollout.variants.map((v) => [v.variant, v.weight]) };
  const rules = (flag.rules ?? []).flatMap((rule) => {
    if (!('variant' in rule.serve)) throw new Error('the realistic scenario serves one variant per rule');
    return [allOf(rule.clauses.map(clauseLogic)), rule.serve.variant];
  });
  return {
    state: 'ENABLED',
    variants: flag.variants,
    defaultVariant: flag.offVariant,
    targeting: rules.length > 0 ? { if: [...rules, fractional] } : fractional,
  };
}

export function flagdConfiguration(flags: readonly Flag[], segments: readonly Segment[]): string {
  return JSON.stringify({
    flags: Object.fromEntries(flags.map((flag) => [flag.key, flagLogic(flag)])),
    $evaluators: Object.fromEntries(segments.map((segment) => [segment.key, segmentLogic(segment)])),
  });
}
