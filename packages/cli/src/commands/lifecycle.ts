import { type ScheduledChange, scheduleInputSchema } from '@switchyard/shared';
import { IF_VERSION_OPTION, ifVersionOf, parseKey, parsePercentage, stringOption } from '../cli/arguments.js';
import type { Command } from '../cli/command.js';
import { usageError } from '../errors.js';
import { formatPercentage } from '../format/percentage.js';
import { formatTable } from '../format/table.js';
import { formatTime } from '../format/time.js';
import { printJson } from './output.js';

const describeChange = (change: ScheduledChange): string =>
  change.action === 'rollout' ? `rollout to ${formatPercentage(change.percentage)}` : change.action;

const schedule: Command = {
  name: ['flags', 'schedule'],
  args: ['<key>'],
  summary: 'schedule a ramp, enable or disable at a set time (applied within a second of it)',
  description: [
    'The time is ISO-8601 with a time zone, such as 2026-12-07T09:00:00Z or 2026-12-07T10:00:00+01:00.',
    'One server instance applies the change at that time, as an audit entry whose actor is the',
    'schedule; a change whose time passed while every instance was down runs at the next start.',
  ].join('\n'),
  options: {
    at: {
      type: 'string',
      value: 'time',
      description: 'when to apply the change (ISO-8601 with a time zone)',
    },
    rollout: { type: 'string', value: 'percentage', description: 'ramp a boolean flag to this percentage' },
    enable: { type: 'boolean', description: 'turn the flag on' },
    disable: { type: 'boolean', description: 'turn the flag off (kill switch)' },
  },
  examples: [
    'switchyard flags schedule new-checkout --at 2026-12-07T09:00:00Z --rollout 25',
    'switchyard flags schedule promo-banner --at 2026-12-24T23:00:00Z --disable',
  ],
  async run(ctx, [key = ''], options) {
    const flagKey = parseKey(key, 'flag key');
    const rollout = stringOption(options, 'rollout');
    const chosen = [rollout !== undefined, options.enable === true, options.disable === true];
    if (chosen.filter(Boolean).length !== 1)
      throw usageError('give exactly one of --rollout, --enable, --disable');
    const change: ScheduledChange =
      rollout !== undefined
        ? { action: 'rollout', percentage: parsePercentage(rollout) }
        : { action: options.enable === true ? 'enable' : 'disable' };
    const at = stringOption(options, 'at');
    if (at === undefined)
      throw usageError('--at is required (ISO-8601 with a time zone, e.g. 2026-12-07T09:00:00Z)');
    const input = scheduleInputSchema.safeParse({ at, change });
    if (!input.success) throw usageError(`--at "${at}" ${input.error.issues[0]?.message ?? 'is not valid'}`);
    const { data, json } = await ctx.client.createSchedule(ctx.env, flagKey, input.data);
    if (ctx.json) return printJson(ctx, json);
    ctx.print(
      `${flagKey}: ${describeChange(data.change)} scheduled for ${formatTime(data.at)} UTC (id ${data.id})`,
    );
  },
};

const schedules: Command = {
  name: ['flags', 'schedules'],
  args: ['<key>'],
  summary: "a flag's scheduled changes, pending and finished",
  examples: ['switchyard flags schedules new-checkout', 'switchyard flags schedules new-checkout --json'],
  async run(ctx, [key = '']) {
    const flagKey = parseKey(key, 'flag key');
    const { data, json } = await ctx.client.listSchedules(ctx.env, flagKey);
    if (ctx.json) return printJson(ctx, json);
    if (data.schedules.length === 0) return ctx.print(`${flagKey} has no scheduled changes in "${ctx.env}"`);
    const rows = data.schedules.map((s) => [
      s.id,
      formatTime(s.at),
      describeChange(s.change),
      s.state,
      s.note ?? '-',
    ]);
    ctx.print(formatTable(['ID', 'AT (UTC)', 'CHANGE', 'STATE', 'NOTE'], rows));
  },
};

const unschedule: Command = {
  name: ['flags', 'unschedule'],
  args: ['<key>', '<id>'],
  summary: 'cancel a pending scheduled change',
  examples: ['switchyard flags unschedule new-checkout 5f0c…'],
  async run(ctx, [key = '', id = '']) {
    const flagKey = parseKey(key, 'flag key');
    if (id.trim() === '')
      throw usageError('give the id of the scheduled change (see: switchyard flags schedules)');
    const { data, json } = await ctx.client.cancelSchedule(ctx.env, flagKey, id.trim());
    if (ctx.json) return printJson(ctx, json);
    ctx.print(
      `${flagKey}: cancelled the ${describeChange(data.change)} scheduled for ${formatTime(data.at)} UTC`,
    );
  },
};

const stale: Command = {
  name: ['flags', 'stale'],
  args: [],
  summary: 'temporary flags that should leave the code: launched or inactive',
  description: [
    'launched: served one variant to everyone for 7 days (STALE_LAUNCHED_DAYS on the server);',
    'inactive: no SDK evaluated it for 7 days (STALE_INACTIVE_DAYS). Flags marked',
    '"lifecycle": "permanent" are never listed. Without --env, every environment is listed.',
  ].join('\n'),
  examples: ['switchyard flags stale', 'switchyard flags stale --env production --json'],
  async run(ctx) {
    const { data, json } = await ctx.client.staleFlags(ctx.envGiven ? ctx.env : undefined);
    if (ctx.json) return printJson(ctx, json);
    if (data.flags.length === 0) return ctx.print('no stale flags');
    const rows = data.flags.map((f) => [f.key, f.environment, f.status, formatTime(f.since), f.reason]);
    ctx.print(formatTable(['KEY', 'ENVIRONMENT', 'STATUS', 'SINCE (UTC)', 'REASON'], rows));
  },
};

function archiveCommand(archived: boolean): Command {
  const verb = archived ? 'archive' : 'unarchive';
  return {
    name: ['flags', verb],
    args: ['<key>'],
    summary: archived
      ? 'take a flag out of every SDK ruleset, keeping its history (refused while it is a prerequisite)'
      : 'bring an archived flag back as it was',
    options: IF_VERSION_OPTION,
    examples: [`switchyard flags ${verb} old-checkout`],
    async run(ctx, [key = ''], options) {
      const flagKey = parseKey(key, 'flag key');
      const { data, json } = await ctx.client.setArchived(ctx.env, flagKey, archived, ifVersionOf(options));
      if (ctx.json) return printJson(ctx, json);
      ctx.print(`${flagKey}: ${archived ? 'archived' : 'unarchived'} (version ${data.version})`);
    },
  };
}

const archivedList: Command = {
  name: ['flags', 'archived'],
  args: [],
  summary: 'list the archived flags of an environment',
  examples: ['switchyard flags archived --env production'],
  async run(ctx) {
    const { data, json } = await ctx.client.listArchivedFlags(ctx.env);
    if (ctx.json) return printJson(ctx, json);
    if (data.flags.length === 0) return ctx.print(`no archived flags in "${ctx.env}"`);
    ctx.print(
      formatTable(
        ['KEY', 'VERSION'],
        data.flags.map(({ flag }) => [flag.key, String(flag.version)]),
      ),
    );
  },
};

export const lifecycleCommands: readonly Command[] = [
  schedule,
  schedules,
  unschedule,
  stale,
  archiveCommand(true),
  archiveCommand(false),
  archivedList,
];
