import type { FieldProblem, Flag, FlagInput, Rule, Serve, Target } from '@switchyard/shared';
import { flagInputSchema, validationProblems } from '@switchyard/shared';
import { type ClauseDraft, clauseToDraft, draftToClause, lines } from './clause-draft.js';

export interface TargetDraft {
  variant: string;
  valuesText: string;
}

export interface ServeDraft {
  mode: 'variant' | 'rollout';
  variant: string;
  /** Percent per variant, as typed (up to 3 decimals). */
  weights: Record<string, string>;
  bucketBy: string;
}

export interface RuleDraft {
  id: string;
  description: string;
  clauses: ClauseDraft[];
  serve: ServeDraft;
}

/** A flag document without its version: what a PUT sends. */
export function withoutVersion(flag: Flag): FlagInput {
  const { version: _version, ...input } = flag;
  return input;
}

export function targetsToDraft(flag: Flag): TargetDraft[] {
  return (flag.targets ?? []).map((t) => ({ variant: t.variant, valuesText: t.values.join('\n') }));
}

export function draftToTargets(drafts: readonly TargetDraft[]): Target[] {
  return drafts.map((d) => ({ variant: d.variant, values: lines(d.valuesText) }));
}

export function serveToDraft(serve: Serve, variantNames: readonly string[]): ServeDraft {
  if ('variant' in serve) {
    return {
      mode: 'variant',
      variant: serve.variant,
      weights: Object.fromEntries(variantNames.map((v, i) => [v, i === 0 ? '100' : '0'])),
      bucketBy: '',
    };
  }
  const weights = Object.fromEntries(variantNames.map((v) => [v, '0']));
  for (const v of serve.rollout.variants) weights[v.variant] = String(v.weight / 1000);
  return {
    mode: 'rollout',
    variant: variantNames[0] ?? '',
    weights,
    bucketBy: serve.rollout.bucketBy ?? '',
  };
}

/** Keeps the order of the rollout the rule had (ramping never reorders variants), then the others. */
function draftToServe(
  draft: ServeDraft,
  previous: Serve | undefined,
  path: string,
  problems: FieldProblem[],
): Serve {
  if (draft.mode === 'variant') return { variant: draft.variant };
  const order = previous && 'rollout' in previous ? previous.rollout.variants.map((v) => v.variant) : [];
  const names = [...order, ...Object.keys(draft.weights).filter((v) => !order.includes(v))];
  const variants = names.map((variant, i) => {
    const text = (draft.weights[variant] ?? '').trim();
    const percent = text === '' ? 0 : Number(text);
    if (!Number.isFinite(percent) || percent < 0 || percent > 100) {
      problems.push({
        path: `${path}.rollout.variants.${i}.weight`,
        message: `"${text}" is not a percentage from 0 to 100`,
      });
      return { variant, weight: 0 };
    }
    return { variant, weight: Math.round(percent * 1000) };
  });
  const bucketBy = draft.bucketBy.trim();
  return { rollout: bucketBy ? { bucketBy, variants } : { variants } };
}

export function rulesToDraft(flag: Flag): RuleDraft[] {
  const names = Object.keys(flag.variants);
  return (flag.rules ?? []).map((rule) => ({
    id: rule.id ?? '',
    description: rule.description ?? '',
    clauses: rule.clauses.map(clauseToDraft),
    serve: serveToDraft(rule.serve, names),
  }));
}

function draftToRules(
  drafts: readonly RuleDraft[],
  previous: readonly Rule[],
  problems: FieldProblem[],
): Rule[] {
  return drafts.map((draft, i) => {
    const rule: Rule = {
      clauses: draft.clauses.map((c, j) => draftToClause(c, `rules.${i}.clauses.${j}`, problems)),
      serve: draftToServe(draft.serve, previous[i]?.serve, `rules.${i}.serve`, problems),
    };
    if (draft.id.trim()) rule.id = draft.id.trim();
    if (draft.description.trim()) rule.description = draft.description.trim();
    return rule;
  });
}

export interface FlagEdit {
  targets?: readonly TargetDraft[];
  rules?: readonly RuleDraft[];
  description?: string;
  tags?: string;
}

/**
 * The flag document an edit makes of `base` (the version the user opened), checked in the browser
 * with the same schema the server uses. `problems` is empty when the server should accept it.
 */
export function applyEdit(base: Flag, edit: FlagEdit): { input: FlagInput; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const input = withoutVersion(base);
  if (edit.targets !== undefined) input.targets = draftToTargets(edit.targets);
  if (edit.rules !== undefined) input.rules = draftToRules(edit.rules, base.rules ?? [], problems);
  if (edit.description !== undefined) {
    if (edit.description.trim()) input.description = edit.description.trim();
    else delete input.description;
  }
  if (edit.tags !== undefined) {
    input.tags = edit.tags
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
  }
  const parsed = flagInputSchema.safeParse(input);
  if (!parsed.success) problems.push(...validationProblems(parsed.error));
  return { input, problems };
}
