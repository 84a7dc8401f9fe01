import { type AuditEntry, percentageOf } from '@switchyard/shared';
import { z } from 'zod';
import {
  IF_VERSION_OPTION,
  ifVersionOf,
  parseKey,
  parsePercentage,
  parseWholeNumber,
} from '../cli/arguments.js';
import type { Command } from '../cli/command.js';
import { describeChanges } from '../format/flag-changes.js';
import { flagSummary } from '../format/flag-summary.js';
import { formatPercentage } from '../format/percentage.js';
import { formatTable } from '../format/table.js';
import { formatTime } from '../format/time.js';
import { printJson } from './output.js';

/** The newest audit entries read to find who made each change (the server's maximum). */
const AUDIT_WINDOW = 1000;

const list: Command = {
  name: ['flags', 'list'],
  args: [],
  summary: 'list the flags of an environment with their state, percentage and last change',
  examples: ['switchyard flags list', 'switchyard flags list --env development --json'],
  async run(ctx) {
    const [{ data, json }, audit] = await Promise.all([
      ctx.client.listFlags(ctx.env),
      ctx.json ? undefined : ctx.client.audit({ environment: ctx.env, limit: AUDIT_WINDOW }),
    ]);
    if (ctx.json) return printJson(ctx, json);
    if (data.flags.length === 0) return ctx.print(`no flags in "${ctx.env}"`);
    const lastChange = new Map<string, AuditEntry>();
    for (const entry of audit?.data.entries ?? []) {
      if (entry.resource.kind === 'flag' && !lastChange.has(entry.resource.key)) {
        lastChange.set(entry.resource.key, entry);
      }
    }
    const rows = data.flags.map(({ flag, percentage }) => {
      const change = lastChange.get(flag.key);
      return [
        flag.key,
        flag.enabled ? 'on' : 'off',
        formatPercentage(percentage),
        flag.tags?.join(',') || '-',
        String(flag.version),
        change ? formatTime(change.at) : '-',
        change?.actor.name ?? '-',
      ];
    });
    ctx.print(formatTable(['KEY', 'STATE', 'PERCENTAGE', 'TAGS', 'VERSION', 'CHANGED (UTC)', 'BY'], rows));
  },
};

const get: Command = {
  name: ['flags', 'get'],
  args: ['<key>'],
  summary: 'show a flag: state, percentage, targets and rules',
  examples: ['switchyard flags get new-checkout', 'switchyard flags get new-checkout --json'],
  async run(ctx, [key = '']) {
    const { data, json } = await ctx.client.getFlag(ctx.env, parseKey(key, 'flag key'));
    if (ctx.json) return printJson(ctx, json);
    ctx.print(flagSummary(data, ctx.env));
  },
};

const ramp: Command = {
  name: ['flags', 'ramp'],
  args: ['<key>', '<percentage>'],
  summary: "set a boolean flag's percentage (0-100, up to 3 decimals)",
  description: [
    'Sets the share of users who get "on". Users who were in stay in: ramping only ever adds or',
    'removes users at the edge. The percentage is checked before anything is sent (exit code 2).',
  ].join('\n'),
  options: IF_VERSION_OPTION,
  examples: [
    'switchyard flags ramp new-checkout 25',
    'switchyard flags ramp new-checkout 2.5 --env staging --if-version 7',
  ],
  async run(ctx, [key = '', percentageText = ''], options) {
    const flagKey = parseKey(key, 'flag key');
    const percentage = parsePercentage(percentageText);
    const ifVersion = ifVersionOf(options);
    const before = await ctx.client.getFlag(ctx.env, flagKey);
    const after = await ctx.client.ramp(ctx.env, flagKey, percentage, ifVersion);
    if (ctx.json) return printJson(ctx, after.json);
    const to = formatPercentage(percentageOf(after.data));
    ctx.print(
      after.data.version === before.data.version
        ? `${flagKey}: already at ${to} (version ${after.data.version})`
        : `${flagKey}: ${formatPercentage(percentageOf(before.data))} → ${to} (version ${after.data.version})`,
    );
    if (!after.data.enabled) {
      ctx.print(
        `note: ${flagKey} is off; nobody gets it until: switchyard flags enable ${flagKey} --env ${ctx.env}`,
      );
    }
  },
};

function killSwitch(enabled: boolean): Command {
  const verb = enabled ? 'enable' : 'disable';
  return {
    name: ['flags', verb],
    args: ['<key>'],
    summary: enabled
      ? 'turn a flag on: serve its targets, rules and rollout again'
      : 'kill switch: serve the off variant to everyone',
    options: IF_VERSION_OPTION,
    examples: [
      `switchyard flags ${verb} new-checkout`,
      `switchyard flags ${verb} new-checkout --if-version 4`,
    ],
    async run(ctx, [key = ''], options) {
      const flagKey = parseKey(key, 'flag key');
      const ifVersion = ifVersionOf(options);
      const before = await ctx.client.getFlag(ctx.env, flagKey);
      const after = await ctx.client.setEnabled(ctx.env, flagKey, enabled, ifVersion);
      if (ctx.json) return printJson(ctx, after.json);
      const { version, offVariant } = after.data;
      const state = enabled ? 'enabled' : `disabled, everyone gets "${offVariant}"`;
      ctx.print(
        version === before.data.version
          ? `${flagKey}: already ${enabled ? 'enabled' : 'disabled'} (version ${version})`
          : `${flagKey}: ${state} (version ${version})`,
      );
    },
  };
}

/** The part of an audit entry's `after` that says which version it wrote. */
const versionedSchema = z.object({ version: z.number().int() });

const history: Command = {
  name: ['flags', 'history'],
  args: ['<key>'],
  summary: 'every version of a flag, newest first, with who changed what',
  examples: ['switchyard flags history new-checkout', 'switchyard flags history new-checkout --json'],
  async run(ctx, [key = '']) {
    const flagKey = parseKey(key, 'flag key');
    const [{ data, json }, audit] = await Promise.all([
      ctx.client.history(ctx.env, flagKey),
      ctx.json ? undefined : ctx.client.audit({ environment: ctx.env, flag: flagKey, limit: AUDIT_WINDOW }),
    ]);
    if (ctx.json) return printJson(ctx, json);
    const byVersion = new Map<number, AuditEntry>();
    for (const entry of audit?.data.entries ?? []) {
      const written = versionedSchema.safeParse(entry.after);
      if (written.success && !byVersion.has(written.data.version)) byVersion.set(written.data.version, entry);
    }
    const rows = data.versions.map((flag, i) => {
      const entry = byVersion.get(flag.version);
      return [
        String(flag.version),
        entry ? formatTime(entry.at) : '-',
        entry?.actor.name ?? '-',
        flag.enabled ? 'on' : 'off',
        formatPercentage(percentageOf(flag)),
        describeChanges(data.versions[i + 1], flag).join('; '),
      ];
    });
    ctx.print(formatTable(['VERSION', 'TIME (UTC)', 'BY', 'STATE', 'PERCENTAGE', 'CHANGE'], rows));
  },
};

const restore: Command = {
  name: ['flags', 'restore'],
  args: ['<key>', '<version>'],
  summary: 'roll back: write an earlier version again as the newest one',
  description: 'The restored document gets a new version number; the history keeps every version.',
  options: IF_VERSION_OPTION,
  examples: ['switchyard flags history new-checkout', 'switchyard flags restore new-checkout 2'],
  async run(ctx, [key = '', versionText = ''], options) {
    const flagKey = parseKey(key, 'flag key');
    const version = parseWholeNumber(versionText, 'version', 1);
    const ifVersion = ifVersionOf(options);
    const before = await ctx.client.getFlag(ctx.env, flagKey);
    const after = await ctx.client.restore(ctx.env, flagKey, version, ifVersion);
    if (ctx.json) return printJson(ctx, after.json);
    const changes = describeChanges(before.data, after.data).join('; ');
    ctx.print(`${flagKey}: restored version ${version} as version ${after.data.version} (${changes})`);
  },
};

export const flagCommands: readonly Command[] = [
  list,
  get,
  ramp,
  killSwitch(true),
  killSwitch(false),
  history,
  restore,
];
