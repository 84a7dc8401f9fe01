import {
  type ApiKey,
  apiKeySchema,
  auditActorSchema,
  auditEntrySchema as auditEntryBodySchema,
  environmentSchema as environmentBodySchema,
  flagSchema,
  flagVariantMetricsSchema,
  keySchema,
  segmentSchema,
  type Trigger,
  triggerSchema,
  type Webhook,
  webhookDeliverySchema,
  webhookSchema,
} from '@switchyard/shared';
import { z } from 'zod';
import {
  type ApiKeyRecord,
  AUDIT_RESOURCE_KINDS,
  type AuditEntry,
  type Environment,
  type MinuteMetrics,
  type StoreChange,
  type StoreEpoch,
  type TriggerRecord,
  type WebhookRecord,
} from './types.js';

/**
 * Schemas for everything a store reads back from disk or Redis. Each is typed against the interface
 * in types.ts, so a stored record is parsed into exactly the type the contract promises. Records the
 * admin API also shows are strict versions of its shared schemas: a stored record has no field the
 * store did not write. Field order is the order of the stored JSON.
 */

export const environmentSchema: z.ZodType<Environment> = z.strictObject(environmentBodySchema.shape);

export const auditEntrySchema: z.ZodType<AuditEntry> = z.strictObject({
  ...auditEntryBodySchema.shape,
  actor: z.strictObject(auditActorSchema.shape),
  resource: z.strictObject({ kind: z.enum(AUDIT_RESOURCE_KINDS), key: z.string() }),
});

const { id, kind, name, environment, createdAt, revokedAt } = apiKeySchema.shape;
export const apiKeyRecordSchema: z.ZodType<ApiKeyRecord> = z.strictObject({
  id,
  kind,
  name,
  environment,
  secretHash: z.string().min(1),
  createdAt,
  revokedAt,
});

/** A key record without its secret hash: what the audit log and the admin API show of it. */
export function publicApiKey({ secretHash: _, ...key }: ApiKeyRecord): ApiKey {
  return key;
}

export const triggerRecordSchema: z.ZodType<TriggerRecord> = z.strictObject({
  ...triggerSchema.shape,
  tokenHash: z.string().min(1),
});

/** A trigger record without its token hash: what the audit log and the admin API show of it. */
export const webhookRecordSchema: z.ZodType<WebhookRecord> = z.strictObject({
  ...webhookSchema.shape,
  secret: z.string().min(1),
});

export const storedDeliverySchema = z.strictObject(webhookDeliverySchema.shape);

/** A webhook without its secret: what the admin API lists. */
export function publicWebhook({ secret: _, ...webhook }: WebhookRecord): Webhook {
  return webhook;
}

export function publicTrigger({ tokenHash: _, ...trigger }: TriggerRecord): Trigger {
  return trigger;
}

export const storeChangeSchema: z.ZodType<StoreChange> = z.discriminatedUnion('kind', [
  z.strictObject({
    environment: z.string(),
    revision: z.number().int().min(1),
    kind: z.literal('flag'),
    key: keySchema,
    data: flagSchema.nullable(),
  }),
  z.strictObject({
    environment: z.string(),
    revision: z.number().int().min(1),
    kind: z.literal('segment'),
    key: keySchema,
    data: segmentSchema.nullable(),
  }),
]);

/** What the Redis store publishes on the changes channel when a key is revoked. */
export const storeEpochSchema: z.ZodType<StoreEpoch> = z.strictObject({
  id: z.string().min(1).max(100),
  origin: z.enum(['start', 'restore', 'accept']),
  at: z.string(),
});

export const apiKeyRevocationSchema = z.strictObject({ revokedApiKey: z.string().min(1) });

export const minuteMetricsSchema: z.ZodType<MinuteMetrics> = flagVariantMetricsSchema.extend({
  minute: z.number().int(),
});

/** Parses JSON text with a schema, naming `what` in the error so a bad record is easy to find. */
export function parseJson<T>(schema: z.ZodType<T>, text: string, what: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`${what} is not valid JSON: ${(err as Error).message}`);
  }
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`${what} does not match its schema: ${z.prettifyError(result.error)}`);
  return result.data;
}
