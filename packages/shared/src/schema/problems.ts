import { z } from 'zod';

/** One thing wrong with a document, at a dotted path such as `rules.0.clauses.1.values.0`. */
export const fieldProblemSchema = z.object({ path: z.string(), message: z.string() });
export type FieldProblem = z.infer<typeof fieldProblemSchema>;

type Issue = z.core.$ZodIssue;

/**
 * zod issues as `{ path, message }` pairs people can act on. Unknown keys become one problem per
 * key. A value that matches no branch of a union (a rule's `serve` is a variant *or* a rollout) is
 * described by the branch it came closest to, rather than as "invalid input".
 */
export function validationProblems(
  error: { issues: readonly Issue[] },
  prefix: readonly (string | number)[] = [],
): FieldProblem[] {
  return error.issues.flatMap((issue) => problemsOf(issue, prefix.map(String)));
}

function problemsOf(issue: Issue, prefix: string[]): FieldProblem[] {
  const path = [...prefix, ...issue.path.map(String)];
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: [...path, key].join('.'), message: 'unknown field' }));
  }
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const closest = [...issue.errors].sort((a, b) => score(a) - score(b))[0] as Issue[];
    return closest.flatMap((inner) => problemsOf(inner, path));
  }
  return [{ path: path.join('.') || '(root)', message: issue.message }];
}

/** Fewer and deeper problems mean a closer match; unknown keys mean the wrong branch. */
function score(issues: Issue[]): number {
  return issues.reduce(
    (sum, i) => sum + (i.code === 'unrecognized_keys' ? 100 : 10 - Math.min(i.path.length, 9)),
    0,
  );
}
