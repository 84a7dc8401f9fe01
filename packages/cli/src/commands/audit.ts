import { type AuditEntry, flagSchema } from '@switchyard/shared';
import { parseKey, parseWholeNumber, stringOption } from '../cli/arguments.js';
import type { Command } from '../cli/command.js';
import { describeChanges } from '../format/flag-changes.js';
import { formatTable } from '../format/table.js';
import { formatTime } from '../format/time.js';
import { printJson } from './output.js';

const DEFAULT_LIMIT = 20;

const audit: Command = {
  name: ['audit'],
  args: [],
  summary: "the environment's audit log, newest first: when, who, what",
  options: {
    flag: { type: 'string', value: 'key', description: 'only the changes of this flag' },
    limit: {
      type: 'string',
      value: 'n',
      description: `at most n entries (default ${DEFAULT_LIMIT}, at most 1000)`,
    },
  },
  examples: ['switchyard audit', 'switchyard audit --flag new-checkout --limit 5'],
  async run(ctx, _args, options) {
    const flagText = stringOption(options, 'flag');
    const limitText = stringOption(options, 'limit');
    const { data, json } = await ctx.client.audit({
      environment: ctx.env,
      flag: flagText === undefined ? undefined : parseKey(flagText, '--flag'),
      limit: limitText === undefined ? DEFAULT_LIMIT : parseWholeNumber(limitText, '--limit', 1),
    });
    if (ctx.json) return printJson(ctx, json);
    if (data.entries.length === 0) return ctx.print(`no audit entries in "${ctx.env}"`);
    const rows = data.entries.map((entry) => [
      formatTime(entry.at),
      entry.actor.name,
      entry.action,
      entry.resource.kind === 'flag' ? entry.resource.key : `(${entry.resource.kind} ${entry.resource.key})`,
      changeOf(entry),
    ]);
    ctx.print(formatTable(['TIME (UTC)', 'WHO', 'ACTION', 'FLAG', 'CHANGE'], rows));
  },
};

/** For a flag entry, what changed between its before and after documents. */
function changeOf(entry: AuditEntry): string {
  if (entry.resource.kind !== 'flag') return '';
  const after = flagSchema.safeParse(entry.after);
  if (!after.success) return entry.after === null ? 'deleted' : '';
  const before = flagSchema.safeParse(entry.before);
  return describeChanges(before.success ? before.data : undefined, after.data).join('; ');
}

export const auditCommands: readonly Command[] = [audit];
