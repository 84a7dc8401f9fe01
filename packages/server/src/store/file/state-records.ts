import { flagSchema, type Plan, planSchema, scheduleSchema, segmentSchema } from '@switchyard/shared';
import { z } from 'zod';
import { auditStub } from '../audit-log.js';
import { apiKeyRecordSchema, auditEntrySchema, environmentSchema, storeChangeSchema } from '../records.js';
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
    ...auditStub(input, environment, { kind: 'flag', key: flag }),
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
});
export type Snapshot = z.infer<typeof snapshotSchema>;
