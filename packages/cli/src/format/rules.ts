import type { Clause, Flag, Rule, Serve } from '@switchyard/shared';

/** `on`, or `rollout on 25%, off 75% (by orgId)` for a percentage rollout. */
export function describeServe(serve: Serve): string {
  if ('variant' in serve) return serve.variant;
  const parts = serve.rollout.variants.map((v) => `${v.variant} ${v.weight / 1000}%`).join(', ');
  return `rollout ${parts}${serve.rollout.bucketBy ? ` (by ${serve.rollout.bucketBy})` : ''}`;
}

/** `email endsWith "@acme.com"`, `country not in "NL", "BE"`, `in segment beta-users`. */
export function describeClause(clause: Clause): string {
  const values = clause.values.map((v) => JSON.stringify(v)).join(', ');
  const not = clause.negate ? 'not ' : '';
  if (clause.op === 'inSegment') {
    return `${not}in segment ${clause.values.join(', ')}`;
  }
  return `${clause.attribute} ${not}${clause.op} ${values}`;
}

/** `staff: email endsWith "@acme.com" → on`. */
export function describeRule(rule: Rule): string {
  const when = rule.clauses.length === 0 ? 'everyone' : rule.clauses.map(describeClause).join(' and ');
  return `${rule.id ? `${rule.id}: ` : ''}${when} → ${describeServe(rule.serve)}`;
}

/** `on=true, off=false`. */
export function describeVariants(flag: Pick<Flag, 'variants'>): string {
  return Object.entries(flag.variants)
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join(', ');
}
