import { type ApplyStep, planApply } from '@switchyard/shared';
import type { AdminClient } from '../api/admin-client.js';
import { stringOption } from '../cli/arguments.js';
import type { Command } from '../cli/command.js';
import { CliError, EXIT, usageError } from '../errors.js';
import { readFlagsFile } from '../flags-file/read-flags-file.js';
import { applyPlanJson, describeStep, formatApplyPlan } from '../format/apply-plan.js';

/** Makes one change of a plan, conditional on the version the plan read. */
async function makeChange(client: AdminClient, env: string, step: ApplyStep): Promise<void> {
  if (step.action === 'create') await client.putDocument(env, step.kind, step.document, 'absent');
  if (step.action === 'update')
    await client.putDocument(env, step.kind, step.document, { version: step.version });
  if (step.action === 'delete') await client.deleteDocument(env, step.kind, step.key, step.version);
}

const apply: Command = {
  name: ['apply'],
  args: [],
  summary: 'make an environment match a flags file (YAML or JSON): plan, then apply',
  description: [
    'Reads the server, prints a plan (create, update with the fields that change, delete only with',
    '--prune) and applies it. Every change is conditional on the version the plan read (If-Match), so a',
    'change made meanwhile fails the apply instead of being overwritten. Exit codes: 0 applied or',
    'nothing to do, 1 failed (the changes before the failing one are made), 2 a bad file, with the',
    'file, line and field of each problem.',
  ].join('\n'),
  options: {
    file: { type: 'string', short: 'f', value: 'file', description: 'the flags file (YAML or JSON)' },
    'dry-run': { type: 'boolean', description: 'print the plan and change nothing' },
    prune: { type: 'boolean', description: 'delete flags and segments the file does not list' },
  },
  examples: [
    'switchyard apply -f flags.yaml --env staging --dry-run',
    'switchyard apply -f flags.yaml --env production --prune --json',
  ],
  async run(ctx, _args, options) {
    const path = stringOption(options, 'file');
    if (path === undefined) throw usageError('apply needs the flags file: switchyard apply -f flags.yaml');
    const file = readFlagsFile(path);
    const dryRun = options['dry-run'] === true;
    const [flags, segments] = await Promise.all([
      ctx.client.listFlags(ctx.env),
      ctx.client.listSegments(ctx.env),
    ]);
    const plan = planApply(
      file,
      { flags: flags.data.flags.map(({ flag }) => flag), segments: segments.data.segments },
      { prune: options.prune === true },
    );
    const changes = plan.steps.filter((step) => step.action !== 'unchanged');
    const report = (applied: number, failed?: string) => {
      if (ctx.json)
        ctx.print(
          JSON.stringify(
            { environment: ctx.env, dryRun, ...applyPlanJson(plan), applied, ...(failed ? { failed } : {}) },
            null,
            2,
          ),
        );
    };
    if (!ctx.json) ctx.print(formatApplyPlan(plan, ctx.env, dryRun));
    if (dryRun || changes.length === 0) {
      report(0);
      if (!ctx.json && !dryRun) ctx.print('Nothing to do.');
      return;
    }
    let applied = 0;
    for (const step of changes) {
      try {
        await makeChange(ctx.client, ctx.env, step);
      } catch (err) {
        if (!(err instanceof CliError)) throw err;
        report(applied, err.message);
        throw new CliError(
          `${applied} of ${changes.length} changes made; stopped at ${step.action} ${describeStep(step)}: ${err.message}`,
          EXIT.failed,
        );
      }
      applied++;
    }
    report(applied);
    if (!ctx.json) ctx.print(`Applied ${applied} change${applied === 1 ? '' : 's'} to "${ctx.env}".`);
  },
};

export const applyCommands: readonly Command[] = [apply];
