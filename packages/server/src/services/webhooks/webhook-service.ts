import { randomBytes, randomUUID } from 'node:crypto';
import {
  type CreatedWebhook,
  type Webhook,
  type WebhookDelivery,
  type WebhookEvent,
  webhookInputSchema,
} from '@switchyard/shared';
import { ApiError, parseOrThrow } from '../../errors.js';
import { publicWebhook } from '../../store/records.js';
import type { FlagStore, WebhookRecord } from '../../store/types.js';
import { privateTargetProblem } from './webhook-target.js';

/** Deliveries `GET .../deliveries` lists, newest first. */
export const DELIVERIES_LISTED = 100;

export interface WebhookService {
  create(body: unknown): Promise<CreatedWebhook>;
  list(): Promise<Webhook[]>;
  remove(id: string): Promise<void>;
  deliveries(id: string): Promise<WebhookDelivery[]>;
  /** Stores one pending delivery of `event` per webhook that asked for its type and environment. */
  enqueue(event: WebhookEvent): Promise<number>;
}

export interface WebhookServiceOptions {
  /** WEBHOOK_DENY_PRIVATE: refuse targets on private addresses. */
  denyPrivate: boolean;
  now: () => number;
}

/** Outbound webhooks: the admin API's side (the runner delivers, webhook-runner.ts). */
export function createWebhookService(store: FlagStore, options: WebhookServiceOptions): WebhookService {
  const find = async (id: string): Promise<WebhookRecord> => {
    const webhook = (await store.listWebhooks()).find((w) => w.id === id);
    if (webhook === undefined) throw new ApiError('SY_ERR_WEBHOOK_NOT_FOUND', `No webhook "${id}"`);
    return webhook;
  };

  return {
    async create(body) {
      const input = parseOrThrow(webhookInputSchema, body, 'webhook');
      const known = new Set((await store.listEnvironments()).map((e) => e.key));
      const unknown = input.environments?.findIndex((env) => !known.has(env)) ?? -1;
      if (unknown !== -1) {
        const path = `environments.${unknown}`;
        const message = `No environment "${input.environments?.[unknown]}"`;
        throw new ApiError('SY_ERR_VALIDATION', `Invalid webhook: ${path}: ${message}`, [{ path, message }]);
      }
      if (options.denyPrivate) {
        const problem = await privateTargetProblem(new URL(input.url));
        if (problem !== null) {
          const message = `${new URL(input.url).hostname} ${problem}`;
          throw new ApiError('SY_ERR_VALIDATION', `Invalid webhook: url: ${message}`, [
            { path: 'url', message },
          ]);
        }
      }
      const record: WebhookRecord = {
        id: randomUUID(),
        url: input.url,
        events: input.events,
        environments: input.environments ?? null,
        format: input.format,
        createdAt: new Date(options.now()).toISOString(),
        secret: `whsec_${randomBytes(24).toString('base64url')}`,
      };
      await store.createWebhook(record);
      return { ...publicWebhook(record), secret: record.secret };
    },

    async list() {
      return (await store.listWebhooks()).map(publicWebhook);
    },

    async remove(id) {
      if (!(await store.deleteWebhook(id)))
        throw new ApiError('SY_ERR_WEBHOOK_NOT_FOUND', `No webhook "${id}"`);
    },

    async deliveries(id) {
      await find(id);
      return store.listWebhookDeliveries(id, DELIVERIES_LISTED);
    },

    async enqueue(event) {
      const targets = (await store.listWebhooks()).filter(
        (w) =>
          w.events.includes(event.type) &&
          (w.environments === null || w.environments.includes(event.environment)),
      );
      const at = new Date(options.now()).toISOString();
      await store.addWebhookDeliveries(
        targets.map((w) => ({
          id: randomUUID(),
          webhookId: w.id,
          event,
          status: 'pending',
          attempts: 0,
          lastResponseCode: null,
          lastError: null,
          lastResponseBody: null,
          createdAt: at,
          lastAttemptAt: null,
          nextAttemptAt: at,
          revision: 1,
        })),
      );
      return targets.length;
    },
  };
}
