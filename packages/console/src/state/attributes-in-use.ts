import type { Flag, Segment } from '@switchyard/shared';

/**
 * The attribute names the environment's flags and segments already test, sorted: the names to
 * suggest when a rule is written, so "email" is picked rather than retyped as "e-mail".
 */
export function attributesInUse(
  flags: Readonly<Record<string, Flag>>,
  segments: Readonly<Record<string, Segment>>,
): string[] {
  const names = new Set<string>(['userId']);
  const add = (name: string | undefined) => {
    if (name) names.add(name);
  };
  for (const flag of Object.values(flags)) {
    for (const rule of flag.rules ?? []) {
      for (const clause of rule.clauses) add(clause.attribute);
      if ('rollout' in rule.serve) add(rule.serve.rollout.bucketBy);
    }
  }
  for (const segment of Object.values(segments)) {
    for (const rule of segment.rules ?? []) for (const clause of rule.clauses) add(clause.attribute);
  }
  return [...names].sort((a, b) => a.localeCompare(b));
}
