import { type Clause, type Flag, percentageOf, type Serve } from '@switchyard/shared';

/** `12.5%`, with up to 3 decimals and no trailing zeros. */
export function formatPercent(percentage: number): string {
  return `${Number(percentage.toFixed(3))}%`;
}

export function describeServe(serve: Serve): string {
  if ('variant' in serve) return `serve ${serve.variant}`;
  const parts = serve.rollout.variants.map((v) => `${v.variant} ${formatPercent(v.weight / 1000)}`);
  const by = serve.rollout.bucketBy ? ` by ${serve.rollout.bucketBy}` : '';
  return `split ${parts.join(', ')}${by}`;
}

const formatValue = (value: unknown) => (typeof value === 'string' ? `"${value}"` : String(value));

export function describeClause(clause: Clause): string {
  const values = clause.values.map(formatValue).join(', ');
  if (clause.op === 'inSegment') return `${clause.negate ? 'not in' : 'in'} segment ${values}`;
  return `${clause.attribute} ${clause.negate ? 'not ' : ''}${clause.op} ${values}`;
}

export function describeRule(rule: NonNullable<Flag['rules']>[number]): string {
  const when = rule.clauses.length === 0 ? 'always' : `if ${rule.clauses.map(describeClause).join(' and ')}`;
  return `${when} → ${describeServe(rule.serve)}`;
}

/** What a flag serves by default, in words: "5% on" for boolean flags, the serve otherwise. */
export function describeFallthrough(flag: Flag): string {
  const percentage = percentageOf(flag);
  return percentage === null ? describeServe(flag.fallthrough) : `${formatPercent(percentage)} on`;
}
