import { flagSchema, type Plan, planSchema, scheduleSchema, segmentSchema } from '@switchyard/shared';
import { z } from 'zod';
import { auditHead } from '../audit-log.js';
import {
  apiKeyRecordSchema,
  auditEntrySchema,
  environmentSchema,
  storeChangeSchema,
  storedDeliverySchema,
  triggerRecordSchema,
  webhookRecordSchema,
} from '../records.js';
import type { AuditInput } from '../types.js';

/**
 * The file store's on-disk records. One journal record is one acknowledged write and carries every
 * effect of it (document, history, revision, change-log entry, audit entry), so it is atomic as a unit.
 */
export const journalRecordSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('environment'), environment: environmentSchema, audit: auditEntrySchema }),
  z.strictObject({ type: z.literal('change'), change: storeChangeSchema, audit: auditEntrySchema }),
  z.strictObject({ type: z.literal('apiKey'), key: apiKeyRecordSchema, audit: auditEntrySchema }),
  z.strictObject({
    type: z.literal('plan'),
    environment: z.string(),
    flag: z.string(),
    plan: planSchema.nullable(),
    /** The plan's start, pause, resume or abort by a person (absent for the runner's own moves). */
    audit: auditEntrySchema.optional(),
  }),
  z.strictObject({
    type: z.literal('schedule'),
    environment: z.string(),
    id: z.string(),
    schedule: scheduleSchema.nullable(),
  }),
  /** A trigger created (`trigger` set) or deleted (`trigger` null), with its audit entry. */
  z.strictObject({
    type: z.literal('trigger'),
    environment: z.string(),
    id: z.string(),
    trigger: triggerRecordSchema.nullable(),
    audit: auditEntrySchema,
  }),
  /** An audit entry alone (an act on a flag that wrote no version). */
  z.strictObject({ type: z.literal('audit'), environment: z.string(), audit: auditEntrySchema }),
  /** A webhook created (`webhook` set) or deleted with its deliveries (`webhook` null). */
  z.strictObject({ type: z.literal('webhook'), id: z.string(), webhook: webhookRecordSchema.nullable() }),
  /** Webhook deliveries added or updated (each replaces the stored one with its id). */
  z.strictObject({ type: z.literal('deliveries'), deliveries: z.array(storedDeliverySchema) }),
]);
export type JournalRecord = z.infer<typeof journalRecordSchema>;

/** The journal record of a plan change, with its audit entry when a person made it. */
export function planRecord(
  environment: string,
  flag: string,
  before: Plan | undefined,
  plan: Plan | null,
  input: AuditInput | undefined,
): JournalRecord {
  if (input === undefined) return { type: 'plan', environment, flag, plan };
  const audit = {
    ...auditHead(input, environment, { kind: 'flag', key: flag }),
    before: before ?? null,
    after: plan,
  };
  return { type: 'plan', environment, flag, plan, audit };
}

const environmentSnapshotSchema = z.strictObject({
  environment: environmentSchema,
  revision: z.number().int().min(0),
  flags: z.array(flagSchema),
  segments: z.array(segmentSchema),
  /** Oldest first per flag. */
  flagHistory: z.array(z.strictObject({ key: z.string(), versions: z.array(flagSchema) })),
  /** Oldest first. */
  changes: z.array(storeChangeSchema),
  /** Oldest first. */
  audit: z.array(auditEntrySchema),
});

/** `state.json`: the whole store as of journal sequence `seq`. */
export const snapshotSchema = z.strictObject({
  format: z.literal(1),
  seq: z.number().int().min(0),
  environments: z.array(environmentSnapshotSchema),
  apiKeys: z.array(apiKeyRecordSchema),
  apiKeyAudit: z.array(auditEntrySchema),
  /** Guarded rollout plans (absent in snapshots written before plans existed). */
  plans: z.array(planSchema).default([]),
  /** Scheduled changes (absent in snapshots written before schedules existed). */
  schedules: z.array(scheduleSchema).default([]),
  /** Alert triggers (absent in snapshots written before triggers existed). */
  triggers: z.array(triggerRecordSchema).default([]),
  /** Outbound webhooks and their deliveries, oldest first (absent before webhooks existed). */
  webhooks: z.array(webhookRecordSchema).default([]),
  webhookDeliveries: z.array(storedDeliverySchema).default([]),
});
export type Snapshot = z.infer<typeof snapshotSchema>;
