import { type Flag, percentageOf } from '@switchyard/shared';
import { formatPercentage } from './percentage.js';
import { describeRule, describeServe, describeVariants } from './rules.js';

/** What `flags get` prints: the state and percentage first, then everything that decides who gets what. */
export function flagSummary(flag: Flag, env: string): string {
  const percentage = percentageOf(flag);
  const fields: [string, string[]][] = [
    ['state', [flag.enabled ? 'on' : `off (everyone gets "${flag.offVariant}")`]],
  ];
  if (percentage !== null) fields.push(['percentage', [`${formatPercentage(percentage)} of users get "on"`]]);
  fields.push(['tags', [flag.tags?.length ? flag.tags.join(', ') : '-']]);
  fields.push(['type', [`${flag.type} (${describeVariants(flag)}; off variant ${flag.offVariant})`]]);
  if (flag.prerequisites?.length) {
    fields.push(['prerequisites', flag.prerequisites.map((p) => `${p.flag} serves ${p.variant}`)]);
  }
  if (flag.targets?.length) {
    fields.push(['targets', flag.targets.map((t) => `${t.variant}: ${t.values.join(', ')}`)]);
  }
  const rules = flag.rules ?? [];
  fields.push([
    'rules',
    rules.length === 0 ? ['(none)'] : rules.map((r, i) => `${i + 1}. ${describeRule(r)}`),
  ]);
  fields.push(['fallthrough', [describeServe(flag.fallthrough)]]);
  if (flag.salt !== undefined && flag.salt !== flag.key) fields.push(['salt', [flag.salt]]);

  const width = Math.max(...fields.map(([label]) => label.length));
  const lines = [`${flag.key} (${env}, version ${flag.version})`];
  if (flag.description) lines.push(flag.description);
  lines.push('');
  for (const [label, values] of fields) {
    values.forEach((value, i) => {
      lines.push(`${(i === 0 ? label : '').padEnd(width)}  ${value}`);
    });
  }
  return lines.join('\n');
}
