import { TRIGGER_ACTIONS, type TriggerInput } from '@switchyard/shared';
import { parseKey, parsePercentage, stringOption } from '../cli/arguments.js';
import type { Command } from '../cli/command.js';
import { usageError } from '../errors.js';
import { formatPercentage } from '../format/percentage.js';
import { formatTable } from '../format/table.js';
import { formatTime } from '../format/time.js';
import { printJson } from './output.js';

const TRIGGER_HELP = [
  'An alert trigger is a secret URL that Alertmanager, Grafana or any tool that can POST calls when',
  'an alert fires: it disables the flag, ramps it to a percentage, or pauses its rollout plan. It acts',
  'only on firing alerts, and acting twice changes nothing. The URL is printed once, at creation.',
].join('\n');

const create: Command = {
  name: ['triggers', 'create'],
  args: ['<key>'],
  summary: 'create an alert trigger for a flag and print its URL, once',
  description: TRIGGER_HELP,
  options: {
    action: { type: 'string', value: 'action', description: 'disable, rollout or pause-plan' },
    percentage: { type: 'string', value: 'n', description: 'for --action rollout: the percentage to go to' },
  },
  examples: [
    'switchyard triggers create new-checkout --action disable',
    'switchyard triggers create new-checkout --action rollout --percentage 0 --env staging',
    'switchyard triggers create new-checkout --action pause-plan --json',
  ],
  async run(ctx, [key = ''], options) {
    const flagKey = parseKey(key, 'flag key');
    const input = triggerInputOf(stringOption(options, 'action'), stringOption(options, 'percentage'));
    const { data, json } = await ctx.client.createTrigger(ctx.env, flagKey, input);
    if (ctx.json) return printJson(ctx, { ...(json as object), url: `${ctx.serverUrl}${data.url}` });
    ctx.print(
      [
        `created trigger ${data.id} on ${flagKey} in ${data.environment}: ${describeAction(data)}`,
        '',
        `  ${ctx.serverUrl}${data.url}`,
        '',
        'Store this URL now, as a secret: it is not shown again (the server keeps only a hash).',
      ].join('\n'),
    );
  },
};

function triggerInputOf(action: string | undefined, percentage: string | undefined): TriggerInput {
  if (action === undefined) throw usageError('--action is required: disable, rollout or pause-plan');
  if (!(TRIGGER_ACTIONS as readonly string[]).includes(action))
    throw usageError(`--action must be disable, rollout or pause-plan; got "${action}"`);
  if (action === 'rollout') {
    if (percentage === undefined) throw usageError('--action rollout needs --percentage');
    return { action, percentage: parsePercentage(percentage) };
  }
  if (percentage !== undefined) throw usageError('--percentage goes only with --action rollout');
  return { action: action as 'disable' | 'pause-plan' };
}

function describeAction(trigger: { action: string; percentage: number | null }): string {
  if (trigger.action === 'rollout') return `ramps to ${formatPercentage(trigger.percentage ?? 0)}`;
  return trigger.action === 'disable' ? 'disables the flag' : 'pauses its rollout plan';
}

const list: Command = {
  name: ['triggers', 'list'],
  args: ['<key>'],
  summary: "list a flag's alert triggers (never their URLs)",
  description: TRIGGER_HELP,
  examples: ['switchyard triggers list new-checkout', 'switchyard triggers list new-checkout --json'],
  async run(ctx, [key = '']) {
    const flagKey = parseKey(key, 'flag key');
    const { data, json } = await ctx.client.listTriggers(ctx.env, flagKey);
    if (ctx.json) return printJson(ctx, json);
    if (data.triggers.length === 0) return ctx.print(`${flagKey} has no alert triggers in ${ctx.env}`);
    const rows = data.triggers.map((t) => [t.id, describeAction(t), formatTime(t.createdAt)]);
    ctx.print(formatTable(['ID', 'ACTION', 'CREATED (UTC)'], rows));
  },
};

const remove: Command = {
  name: ['triggers', 'delete'],
  args: ['<key>', '<id>'],
  summary: 'delete an alert trigger: its URL stops working at once',
  examples: ['switchyard triggers delete new-checkout 6f1c2a9e-…'],
  async run(ctx, [key = '', id = '']) {
    const flagKey = parseKey(key, 'flag key');
    await ctx.client.deleteTrigger(ctx.env, flagKey, id);
    if (ctx.json) return printJson(ctx, { deleted: id });
    ctx.print(`deleted trigger ${id} of ${flagKey} in ${ctx.env}`);
  },
};

export const triggerCommands: readonly Command[] = [create, list, remove];
