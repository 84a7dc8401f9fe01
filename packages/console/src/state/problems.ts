import type { FieldProblem } from '@switchyard/shared';

/** The problems at `path` or below it (`rules.0.clauses` holds `rules.0.clauses.1.values.0`). */
export function problemsAt(problems: readonly FieldProblem[], path: string): FieldProblem[] {
  return problems.filter((p) => p.path === path || p.path.startsWith(`${path}.`));
}

/** A field path as people read it: `rules.0.clauses.1.values.0` → `rule 1 › clause 2 › value 1`. */
export function readablePath(path: string): string {
  const parts = path.split('.');
  const words: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    const next = parts[i + 1];
    if (next !== undefined && /^\d+$/.test(next) && SINGULAR[part]) {
      words.push(`${SINGULAR[part]} ${Number(next) + 1}`);
      i++;
    } else words.push(WORDS[part] ?? part);
  }
  return words.join(' › ');
}

/** Names in the document that people know by another word: a weight is a share in percent. */
const WORDS: Record<string, string> = {
  weight: 'percentage',
  fallthrough: 'everyone else',
  rollout: 'split',
};

const SINGULAR: Record<string, string> = {
  rules: 'rule',
  steps: 'step',
  clauses: 'clause',
  values: 'value',
  targets: 'target',
  variants: 'variant',
  prerequisites: 'prerequisite',
  tags: 'tag',
  included: 'included',
  excluded: 'excluded',
};
