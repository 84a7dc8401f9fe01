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

/**
 * What a flag serves, in one line for the list: the default with the targets and rules that come
 * before it ("10% on + 2 targets + 1 rule"), and the kill switch first when it is off.
 */
export function describeServing(flag: Flag): string {
  const targeted = (flag.targets ?? []).reduce((n, t) => n + t.values.length, 0);
  const rules = flag.rules?.length ?? 0;
  const parts = [describeFallthrough(flag)];
  if (targeted > 0) parts.push(`${targeted} ${targeted === 1 ? 'target' : 'targets'}`);
  if (rules > 0) parts.push(`${rules} ${rules === 1 ? 'rule' : 'rules'}`);
  const serving = parts.join(' + ');
  return flag.enabled ? serving : `Everyone gets "${flag.offVariant}" (off; when on: ${serving})`;
}

/** What a flag serves by default, in words: "5% on" for boolean flags, the serve otherwise. */
export function describeFallthrough(flag: Flag): string {
  const percentage = percentageOf(flag);
  return percentage === null ? describeServe(flag.fallthrough) : `${formatPercent(percentage)} on`;
}
