import { z } from 'zod';

/**
 * Outbound webhooks: the server POSTs an event to a URL whenever a flag changes, a guarded rollout
 * plan moves, or an alert trigger fires. Signed with a secret shown once (docs/webhooks.md).
 */

export const WEBHOOK_EVENT_TYPES = ['flag.changed', 'plan.transition', 'trigger.fired'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
export const WEBHOOK_FORMATS = ['json', 'slack'] as const;
export const WEBHOOK_DELIVERY_STATES = ['pending', 'delivered', 'failed'] as const;

const webhookUrlSchema = z
  .string()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL');

/** `POST /api/v1/webhooks` body. Without `environments`, events of every environment are sent. */
export const webhookInputSchema = z.strictObject({
  url: webhookUrlSchema,
  events: z
    .array(z.enum(WEBHOOK_EVENT_TYPES))
    .min(1, 'needs at least one event')
    .max(WEBHOOK_EVENT_TYPES.length)
    .refine((events) => new Set(events).size === events.length, 'lists an event twice'),
  environments: z.array(z.string().min(1)).min(1).max(100).optional(),
  format: z.enum(WEBHOOK_FORMATS).default('json'),
});
export type WebhookInput = z.input<typeof webhookInputSchema>;

/** A webhook as the admin API lists it: never its secret. `environments` null: every environment. */
export const webhookSchema = z.object({
  id: z.string().min(1),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  environments: z.array(z.string()).nullable(),
  format: z.enum(WEBHOOK_FORMATS),
  createdAt: z.string(),
});
export type Webhook = z.infer<typeof webhookSchema>;

/** The answer to creating a webhook: the only one that carries its signing secret. */
export const createdWebhookSchema = webhookSchema.extend({ secret: z.string().min(1) });
export type CreatedWebhook = z.infer<typeof createdWebhookSchema>;

export const webhookListSchema = z.object({ webhooks: z.array(webhookSchema) });
export type WebhookList = z.infer<typeof webhookListSchema>;

/** What happened, as POSTed (format `json`) to every webhook that asked for its type and environment. */
export const webhookEventSchema = z.object({
  /** Unique per event; the same in every webhook's delivery of it. */
  id: z.string().min(1),
  type: z.enum(WEBHOOK_EVENT_TYPES),
  environment: z.string(),
  flag: z.string(),
  at: z.string(),
  actor: z.object({ keyId: z.string(), name: z.string() }),
  /** The audit action behind the event (`flag.rollout`, `plan.start`, `trigger.disable`...). */
  action: z.string(),
  reason: z.string().optional(),
  /** Flag versions (flag.changed, trigger.fired); null for created or deleted. */
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  /** plan.transition: where the plan went and why. */
  plan: z
    .object({
      state: z.string(),
      previousState: z.string().nullable(),
      percentage: z.number().nullable(),
      reason: z.string().nullable(),
    })
    .optional(),
  /** trigger.fired: which trigger and the alert's labels. */
  trigger: z.record(z.string(), z.unknown()).optional(),
});
export type WebhookEvent = z.infer<typeof webhookEventSchema>;

/** One event's delivery to one webhook, as stored and as `GET .../deliveries` lists it. */
export const webhookDeliverySchema = z.object({
  id: z.string().min(1),
  webhookId: z.string().min(1),
  event: webhookEventSchema,
  status: z.enum(WEBHOOK_DELIVERY_STATES),
  attempts: z.number().int().min(0),
  lastResponseCode: z.number().int().nullable(),
  /** Why the last attempt failed (a timeout, a refused address, a status), or null. */
  lastError: z.string().nullable(),
  /** The start of the last response body (at most 512 characters). */
  lastResponseBody: z.string().nullable(),
  createdAt: z.string(),
  lastAttemptAt: z.string().nullable(),
  /** When the next attempt is due; null once delivered or given up. */
  nextAttemptAt: z.string().nullable(),
  /** +1 on every stored change (compare-and-set). */
  revision: z.number().int().min(1),
});
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

export const webhookDeliveryListSchema = z.object({ deliveries: z.array(webhookDeliverySchema) });
export type WebhookDeliveryList = z.infer<typeof webhookDeliveryListSchema>;
