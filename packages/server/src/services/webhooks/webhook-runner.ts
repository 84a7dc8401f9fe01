import type { WebhookDelivery } from '@switchyard/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { FlagStore, WebhookRecord } from '../../store/types.js';
import { LeasedLoop } from '../leased-loop.js';
import { renderPayload } from './webhook-payload.js';
import { sendWebhook, signatureHeader, type WebhookResponse } from './webhook-sender.js';

/** The lease of the one instance that delivers webhooks (its own, so slow targets never hold up plans). */
export const WEBHOOK_LEASE = 'webhook-deliveries';
/** A delivery is retried for a day after its event, then marked failed. */
export const RETRY_WINDOW_MS = 24 * 3_600_000;
/** No wait between two attempts is longer than this. */
export const MAX_RETRY_DELAY_MS = 15 * 60_000;
/** Attempts in flight at once on the delivering instance. */
const IN_FLIGHT_MAX = 32;

/**
 * The wait after the `attempts`-th failed attempt: exponential from `baseMs`, capped, with jitter
 * (between half and all of it) so that a receiver coming back is not hit by every retry at once.
 */
export function retryDelayMs(attempts: number, baseMs: number, random: () => number = Math.random): number {
  const full = Math.min(baseMs * 2 ** Math.max(0, attempts - 1), MAX_RETRY_DELAY_MS);
  return Math.round(full * (0.5 + random() / 2));
}

/** A delivery after one more attempt: delivered on a 2xx, else due again after the backoff or given up. */
export function afterAttempt(
  delivery: WebhookDelivery,
  response: WebhookResponse,
  now: number,
  retryBaseMs: number,
): WebhookDelivery {
  const attempts = delivery.attempts + 1;
  const ok = response.status !== null && response.status >= 200 && response.status < 300;
  const next = now + retryDelayMs(attempts, retryBaseMs);
  const givingUp = !ok && next > Date.parse(delivery.createdAt) + RETRY_WINDOW_MS;
  return {
    ...delivery,
    status: ok ? 'delivered' : givingUp ? 'failed' : 'pending',
    attempts,
    lastResponseCode: response.status,
    lastError: ok ? null : (response.error ?? `answered ${response.status}`),
    lastResponseBody: response.body,
    lastAttemptAt: new Date(now).toISOString(),
    nextAttemptAt: ok || givingUp ? null : new Date(next).toISOString(),
    revision: delivery.revision + 1,
  };
}

export interface WebhookRunnerOptions {
  store: FlagStore;
  log: FastifyBaseLogger;
  holder: string;
  /** How often due deliveries are looked for. */
  tickMs: number;
  /** The first retry waits about this long; each further one twice as long. */
  retryBaseMs: number;
  timeoutMs: number;
  denyPrivate: boolean;
  now: () => number;
}

/**
 * Delivers due webhook deliveries on exactly one instance (the holder of WEBHOOK_LEASE). Each attempt
 * is recorded with compare-and-set on the delivery's revision; an attempt made by an instance that
 * lost the lease meanwhile may reach the receiver twice, never zero times (at least once).
 */
export class WebhookRunner {
  private readonly loop: LeasedLoop;
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(private readonly options: WebhookRunnerOptions) {
    this.loop = new LeasedLoop({
      store: options.store,
      holder: options.holder,
      lease: WEBHOOK_LEASE,
      log: options.log,
      tickMs: options.tickMs,
      name: 'webhook delivery',
      pass: () => this.pass(),
    });
  }

  start(): void {
    this.loop.start();
  }

  /** Looks for due deliveries now (after an event), if this instance delivers. */
  kick(): Promise<void> {
    return this.loop.tick();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    await Promise.all(this.inFlight.values());
  }

  /** Starts the due deliveries that are not in flight yet; does not wait for their answers. */
  private async pass(): Promise<void> {
    const { store, now } = this.options;
    const room = IN_FLIGHT_MAX - this.inFlight.size;
    if (room <= 0) return;
    const due = (await store.dueWebhookDeliveries(now(), IN_FLIGHT_MAX)).filter(
      (d) => !this.inFlight.has(d.id),
    );
    if (due.length === 0) return;
    const webhooks = new Map((await store.listWebhooks()).map((w) => [w.id, w]));
    for (const delivery of due.slice(0, room)) {
      const webhook = webhooks.get(delivery.webhookId);
      if (webhook === undefined) continue;
      const attempt = this.attempt(webhook, delivery)
        .catch((err: unknown) =>
          this.options.log.error({ err, webhook: webhook.id }, 'webhook attempt failed'),
        )
        .finally(() => this.inFlight.delete(delivery.id));
      this.inFlight.set(delivery.id, attempt);
    }
  }

  private async attempt(webhook: WebhookRecord, delivery: WebhookDelivery): Promise<void> {
    const { store, now, log } = this.options;
    const body = renderPayload(delivery.event, webhook.format);
    const response = await sendWebhook({
      url: webhook.url,
      body,
      timeoutMs: this.options.timeoutMs,
      denyPrivate: this.options.denyPrivate,
      headers: {
        'x-switchyard-event': delivery.event.type,
        'x-switchyard-delivery': delivery.id,
        'x-switchyard-signature': signatureHeader(webhook.secret, body, Math.floor(now() / 1000)),
      },
    });
    const next = afterAttempt(delivery, response, now(), this.options.retryBaseMs);
    if (!(await store.updateWebhookDelivery(next))) return;
    // The URL's host only: a path may hold a token of the receiver's (Slack's does).
    const target = new URL(webhook.url).host;
    if (next.status === 'failed')
      log.warn({ webhook: webhook.id, target, attempts: next.attempts }, 'webhook delivery given up');
    else if (next.status === 'pending')
      log.info({ webhook: webhook.id, target, error: next.lastError }, 'webhook delivery failed; will retry');
  }
}
