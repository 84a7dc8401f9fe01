import { type Flag, flagSchema, percentageOf, type WebhookEvent } from '@switchyard/shared';

/** The request body of one event in a webhook's format. */
export function renderPayload(event: WebhookEvent, format: 'json' | 'slack'): string {
  return JSON.stringify(format === 'slack' ? slackMessage(event) : event);
}

function flagOf(value: unknown): Flag | null {
  const parsed = flagSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** How a flag looks in one line: off, or the percentage of a boolean flag. */
function flagState(flag: Flag | null): string {
  if (flag === null) return 'deleted';
  if (!flag.enabled) return 'off';
  const percentage = percentageOf(flag);
  return percentage === null ? 'on' : `on at ${percentage}%`;
}

/** One sentence a person reads in a channel: what happened to which flag, and who or what did it. */
export function summarize(event: WebhookEvent): string {
  const where = `*${event.flag}* in *${event.environment}*`;
  if (event.type === 'plan.transition' && event.plan !== undefined) {
    const { state, previousState, percentage, reason } = event.plan;
    const at = percentage === null ? '' : ` at ${percentage}%`;
    const from = previousState === null || previousState === state ? '' : ` (was ${previousState})`;
    return `Guarded rollout of ${where}: ${state.replace('_', ' ')}${at}${from}${reason ? ` — ${reason}` : ''}`;
  }
  if (event.type === 'trigger.fired') {
    const alert = (event.trigger?.alert ?? {}) as { labels?: Record<string, string> };
    const name = alert.labels?.alertname;
    return `Alert trigger fired on ${where}${name ? ` (alert ${name})` : ''}: ${event.action}, now ${flagState(flagOf(event.after))}`;
  }
  const before = event.before === null || event.before === undefined ? null : flagOf(event.before);
  const after = flagOf(event.after);
  const change =
    before === null ? `created, ${flagState(after)}` : `${flagState(before)} → ${flagState(after)}`;
  return `${where} ${event.after === null ? 'deleted' : change} (${event.action} by ${event.actor.name})`;
}

/** A Slack incoming-webhook body: `text` for notifications, blocks for the channel. */
export function slackMessage(event: WebhookEvent): { text: string; blocks: unknown[] } {
  const text = summarize(event);
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `${event.type} · ${event.action} · ${event.actor.name} · ${event.at}${event.reason ? ` · reason: ${event.reason}` : ''}`,
          },
        ],
      },
    ],
  };
}
