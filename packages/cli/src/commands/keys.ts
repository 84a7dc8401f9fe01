import { API_KEY_KINDS, type ApiKeyKind } from '@switchyard/shared';
import { stringOption } from '../cli/arguments.js';
import type { Command } from '../cli/command.js';
import { usageError } from '../errors.js';
import { formatTable } from '../format/table.js';
import { formatTime } from '../format/time.js';
import { printJson } from './output.js';

const create: Command = {
  name: ['keys', 'create'],
  args: [],
  summary: 'create an API key and print its secret, once',
  description: [
    'server and client keys belong to the environment of --env. An admin key is for every',
    'environment unless --env is given. The secret is printed once: the server keeps only its hash.',
  ].join('\n'),
  options: {
    kind: {
      type: 'string',
      value: 'kind',
      description: 'server (SDKs in services), client (browsers) or admin',
    },
    name: { type: 'string', value: 'name', description: 'who or what uses the key (default: "<kind> key")' },
  },
  examples: [
    'switchyard keys create --kind server --name checkout-service',
    'switchyard keys create --kind client --env staging --name web',
    'switchyard keys create --kind admin --name release-bot --json',
  ],
  async run(ctx, _args, options) {
    const kind = kindOf(stringOption(options, 'kind'));
    const name = stringOption(options, 'name') ?? `${kind} key`;
    const environment = kind !== 'admin' || ctx.envGiven ? ctx.env : undefined;
    const { data, json } = await ctx.client.createKey(
      environment === undefined ? { kind, name } : { kind, name, environment },
    );
    if (ctx.json) return printJson(ctx, json);
    const scope = data.environment === null ? 'all environments' : data.environment;
    ctx.print(
      [
        `created ${data.kind} key "${data.name}" for ${scope} (id ${data.id})`,
        '',
        `  ${data.secret}`,
        '',
        'Store this secret now: it is not shown again (the server keeps only its hash).',
      ].join('\n'),
    );
  },
};

function kindOf(text: string | undefined): ApiKeyKind {
  if (text === undefined) throw usageError('--kind is required: server, client or admin');
  const kind = API_KEY_KINDS.find((k) => k === text);
  if (kind === undefined) throw usageError(`--kind must be server, client or admin; got "${text}"`);
  return kind;
}

const list: Command = {
  name: ['keys', 'list'],
  args: [],
  summary: 'list API keys (never their secrets)',
  description: 'Lists the keys of every environment; --env does not filter them.',
  examples: ['switchyard keys list', 'switchyard keys list --json'],
  async run(ctx) {
    const { data, json } = await ctx.client.listKeys();
    if (ctx.json) return printJson(ctx, json);
    if (data.keys.length === 0) return ctx.print('no API keys');
    const rows = data.keys.map((key) => [
      key.id,
      key.kind,
      key.name,
      key.environment ?? '(all)',
      formatTime(key.createdAt),
      key.revokedAt === null ? 'active' : `revoked ${formatTime(key.revokedAt)}`,
    ]);
    ctx.print(formatTable(['ID', 'KIND', 'NAME', 'ENVIRONMENT', 'CREATED (UTC)', 'STATUS'], rows));
  },
};

export const keyCommands: readonly Command[] = [create, list];
