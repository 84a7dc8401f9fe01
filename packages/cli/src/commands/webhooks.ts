import { WEBHOOK_EVENT_TYPES, WEBHOOK_FORMATS, type Webhook, type WebhookInput } from '@switchyard/shared';
import { stringOption } from '../cli/arguments.js';
import type { Command } from '../cli/command.js';
import { usageError } from '../errors.js';
import { formatTable } from '../format/table.js';
import { formatTime } from '../format/time.js';
import { printJson } from './output.js';

const WEBHOOK_HELP = [
  'A webhook receives an event, signed with its secret (X-Switchyard-Signature), whenever a flag',
  'changes (flag.changed), a guarded rollout plan moves (plan.transition) or an alert trigger acts',
  '(trigger.fired); as JSON, or as a Slack message with --format slack. Delivery is retried until the',
  'receiver answers 2xx. The secret is printed once, at creation.',
].join('\n');

const commaList = (text: string | undefined) =>
  text
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function webhookInputOf(
  url: string | undefined,
  events: string | undefined,
  environments: string | undefined,
  format: string | undefined,
): WebhookInput {
  if (url === undefined) throw usageError('--target is required: the URL to POST the events to');
  const types = commaList(events) ?? [];
  if (types.length === 0)
    throw usageError(`--events is required: a comma list of ${WEBHOOK_EVENT_TYPES.join(', ')}`);
  const unknown = types.find((t) => !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(t));
  if (unknown !== undefined)
    throw usageError(`--events: "${unknown}" is not one of ${WEBHOOK_EVENT_TYPES.join(', ')}`);
  if (format !== undefined && !(WEBHOOK_FORMATS as readonly string[]).includes(format))
    throw usageError(`--format must be json or slack; got "${format}"`);
  const envs = commaList(environments);
  return {
    url,
    events: types as WebhookInput['events'],
    ...(envs === undefined ? {} : { environments: envs }),
    ...(format === undefined ? {} : { format: format as 'json' | 'slack' }),
  };
}

const describeScope = (w: Webhook) => (w.environments === null ? 'all' : w.environments.join(','));

const create: Command = {
  name: ['webhooks', 'create'],
  args: [],
  summary: 'create an outbound webhook and print its signing secret, once',
  description: WEBHOOK_HELP,
  options: {
    target: { type: 'string', value: 'url', description: 'the http(s) URL that receives the events' },
    events: {
      type: 'string',
      value: 'list',
      description: 'comma list of flag.changed, plan.transition, trigger.fired',
    },
    environments: { type: 'string', value: 'list', description: 'comma list of environments (default: all)' },
    format: { type: 'string', value: 'format', description: 'json (default) or slack' },
  },
  examples: [
    'switchyard webhooks create --target https://hooks.example.com/sy --events flag.changed,plan.transition',
    'switchyard webhooks create --target https://hooks.slack.com/services/… --events plan.transition --format slack --environments production',
  ],
  async run(ctx, _args, options) {
    const input = webhookInputOf(
      stringOption(options, 'target'),
      stringOption(options, 'events'),
      stringOption(options, 'environments'),
      stringOption(options, 'format'),
    );
    const { data, json } = await ctx.client.createWebhook(input);
    if (ctx.json) return printJson(ctx, json);
    ctx.print(
      [
        `created webhook ${data.id}: ${data.events.join(', ')} of ${describeScope(data)} environments to ${data.url} (${data.format})`,
        '',
        `  secret: ${data.secret}`,
        '',
        'Store this secret now: receivers verify X-Switchyard-Signature with it, and it is not shown again.',
      ].join('\n'),
    );
  },
};

const list: Command = {
  name: ['webhooks', 'list'],
  args: [],
  summary: 'list outbound webhooks (never their secrets)',
  description: WEBHOOK_HELP,
  examples: ['switchyard webhooks list', 'switchyard webhooks list --json'],
  async run(ctx) {
    const { data, json } = await ctx.client.listWebhooks();
    if (ctx.json) return printJson(ctx, json);
    if (data.webhooks.length === 0) return ctx.print('no webhooks');
    const rows = data.webhooks.map((w) => [w.id, w.url, w.events.join(','), describeScope(w), w.format]);
    ctx.print(formatTable(['ID', 'URL', 'EVENTS', 'ENVIRONMENTS', 'FORMAT'], rows));
  },
};

const remove: Command = {
  name: ['webhooks', 'delete'],
  args: ['<id>'],
  summary: 'delete a webhook and its deliveries: nothing more is sent to it',
  examples: ['switchyard webhooks delete 6f1c2a9e-…'],
  async run(ctx, [id = '']) {
    await ctx.client.deleteWebhook(id);
    if (ctx.json) return printJson(ctx, { deleted: id });
    ctx.print(`deleted webhook ${id}`);
  },
};

const deliveries: Command = {
  name: ['webhooks', 'deliveries'],
  args: ['<id>'],
  summary: "a webhook's last deliveries: status, attempts, last response, next attempt",
  examples: ['switchyard webhooks deliveries 6f1c2a9e-…', 'switchyard webhooks deliveries 6f1c2a9e-… --json'],
  async run(ctx, [id = '']) {
    const { data, json } = await ctx.client.webhookDeliveries(id);
    if (ctx.json) return printJson(ctx, json);
    if (data.deliveries.length === 0) return ctx.print(`webhook ${id} has no deliveries yet`);
    const rows = data.deliveries.map((d) => [
      d.id,
      d.event.type,
      `${d.event.environment}/${d.event.flag}`,
      d.status,
      String(d.attempts),
      d.lastResponseCode === null ? (d.lastError ?? '-') : String(d.lastResponseCode),
      d.nextAttemptAt === null ? '-' : formatTime(d.nextAttemptAt),
    ]);
    ctx.print(formatTable(['DELIVERY', 'EVENT', 'FLAG', 'STATUS', 'ATTEMPTS', 'LAST', 'NEXT (UTC)'], rows));
  },
};

export const webhookCommands: readonly Command[] = [create, list, remove, deliveries];
