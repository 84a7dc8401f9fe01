import type { ApplyPlan, ApplyStep, FieldDiff } from '@switchyard/shared';

const SIGNS = { create: '+', update: '~', delete: '-', unchanged: '=' } as const;

const show = (value: unknown) => (value === undefined ? '(unset)' : JSON.stringify(value));

function diffLine({ path, before, after }: FieldDiff): string {
  return `      ${path}: ${show(before)} → ${show(after)}`;
}

/** `~ flag new-checkout (version 7)` and, for updates, one line per field that changes. */
export function describeStep(step: ApplyStep): string {
  const version = step.action === 'create' ? '' : ` (version ${step.version})`;
  return `${step.kind} ${step.key}${version}`;
}

/** A plan as people read it: a count line, then each change with its field-level differences. */
export function formatApplyPlan(plan: ApplyPlan, environment: string, dryRun: boolean): string {
  const count = (action: ApplyStep['action']) => plan.steps.filter((s) => s.action === action).length;
  const lines = [
    `${dryRun ? 'Plan (dry run)' : 'Plan'} for environment "${environment}": ${count('create')} to create, ${count('update')} to update, ${count('delete')} to delete, ${count('unchanged')} unchanged`,
  ];
  for (const step of plan.steps) {
    if (step.action === 'unchanged') continue;
    lines.push(`  ${SIGNS[step.action]} ${describeStep(step)}`);
    if (step.action === 'update') lines.push(...step.diffs.map(diffLine));
  }
  if (plan.kept.length > 0) {
    const kept = plan.kept.map(({ kind, key }) => `${kind} ${key}`).join(', ');
    lines.push(
      `  ${plan.kept.length} on the server but not in the file, kept (--prune deletes them): ${kept}`,
    );
  }
  return lines.join('\n');
}

/** The plan for `--json`: what changes and how, without the documents themselves. */
export function applyPlanJson(plan: ApplyPlan) {
  return {
    changes: plan.steps.map((step) => {
      const { action, kind, key } = step;
      if (step.action === 'create') return { action, kind, key };
      if (step.action === 'update') return { action, kind, key, version: step.version, diffs: step.diffs };
      return { action, kind, key, version: step.version };
    }),
    kept: plan.kept,
  };
}
