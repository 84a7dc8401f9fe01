import { flagSchema, flagVariantMetricsSchema, keySchema, segmentSchema } from '@switchyard/shared';
import { z } from 'zod';
import type { ApiKeyRecord, AuditEntry, Environment, MinuteMetrics, StoreChange } from './types.js';

/**
 * Schemas for everything a store reads back from disk or Redis. Each is typed against the interface
 * in types.ts, so a stored record is parsed into exactly the type the contract promises.
 */

export const environmentSchema: z.ZodType<Environment> = z.strictObject({
  key: keySchema,
  name: z.string(),
  createdAt: z.string(),
});

const actorSchema = z.strictObject({ keyId: z.string(), name: z.string() });

export const auditEntrySchema: z.ZodType<AuditEntry> = z.strictObject({
  id: z.string(),
  at: z.string(),
  actor: actorSchema,
  action: z.string(),
  environment: z.string().nullable(),
  resource: z.strictObject({
    kind: z.enum(['flag', 'segment', 'environment', 'apiKey']),
    key: z.string(),
  }),
  before: z.unknown(),
  after: z.unknown(),
  details: z.record(z.string(), z.unknown()).optional(),
});

export const apiKeyRecordSchema: z.ZodType<ApiKeyRecord> = z.strictObject({
  id: z.string().min(1),
  kind: z.enum(['admin', 'server', 'client']),
  name: z.string(),
  environment: z.string().nullable(),
  secretHash: z.string().min(1),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});

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
