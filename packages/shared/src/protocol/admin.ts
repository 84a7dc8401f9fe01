import { z } from 'zod';
import { flagSchema } from '../schema/flag.js';
import { keySchema, variantNameSchema } from '../schema/keys.js';
import { planSchema, variantWindowSchema } from '../schema/plan.js';
import { fieldProblemSchema } from '../schema/problems.js';
import { flagVariantMetricsSchema, latencyHistogramSchema } from './sdk.js';

/**
 * Response bodies of the admin API (/api/v1). The server's routes are typed with these; the CLI and
 * the console parse with them. Envelopes and records are plain (not strict) objects: a client reads
 * the fields it knows, so a server that adds a field does not break an older CLI or console. The
 * server's stored records are strict versions of the same shapes.
 */

export const environmentSchema = z.object({
  key: keySchema,
  name: z.string(),
  createdAt: z.string(),
  /**
   * Production-like: the console sends every change through "Review and apply" (the diff in words,
   * the users it moves, a reason) and paints the environment red. The seeded `production` is one.
   */
  critical: z.boolean().optional(),
});
export type Environment = z.infer<typeof environmentSchema>;

export const environmentListSchema = z.object({ environments: z.array(environmentSchema) });
export type EnvironmentList = z.infer<typeof environmentListSchema>;

export const API_KEY_KINDS = ['admin', 'server', 'client'] as const;
export const apiKeyKindSchema = z.enum(API_KEY_KINDS);
export type ApiKeyKind = z.infer<typeof apiKeyKindSchema>;

/** An API key as the admin API shows it: never the secret, never its hash. */
export const apiKeySchema = z.object({
  id: z.string().min(1),
  kind: apiKeyKindSchema,
  name: z.string(),
  /** Required for server and client keys; admin keys span all environments (null). */
  environment: z.string().nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  /** In `GET /keys`: true on the key that made the request (revoking it ends the caller's own access). */
  current: z.boolean().optional(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

/** A key as created: the only response that ever carries its secret. */
export const createdApiKeySchema = apiKeySchema.extend({ secret: z.string().min(1) });
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;

export const apiKeyListSchema = z.object({ keys: z.array(apiKeySchema) });
export type ApiKeyList = z.infer<typeof apiKeyListSchema>;

/** Who made a change: the API key and its name. */
export const auditActorSchema = z.object({ keyId: z.string(), name: z.string() });
export type AuditActor = z.infer<typeof auditActorSchema>;

export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: auditActorSchema,
  /** e.g. "flag.update", "flag.rollout", "flag.disable", "key.create". */
  action: z.string(),
  environment: z.string().nullable(),
  /** `kind` is "flag", "segment", "environment" or "apiKey" today; clients accept others. */
  resource: z.object({ kind: z.string(), key: z.string() }),
  before: z.unknown(),
  after: z.unknown(),
  details: z.record(z.string(), z.unknown()).optional(),
  /** Why, in the words of whoever made the change (`?reason=` on the write). */
  reason: z.string().optional(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/**
 * Newest first, a page at a time: `next` is the cursor of the older page (`?cursor=`), null at the
 * end; absent from servers that do not page.
 */
export const auditListSchema = z.object({
  entries: z.array(auditEntrySchema),
  next: z.string().nullable().optional(),
});
export type AuditList = z.infer<typeof auditListSchema>;

/**
 * The query every admin write takes: an optional `reason`, kept in the change's audit entry
 * ("ramping after the canary looked clean"). A query parameter, so it fits writes whose body is a
 * document (PUT a flag) and writes with no body at all (enable, disable, plan pause).
 */
export const writeQuerySchema = z.object({
  reason: z.string().trim().min(1, 'must not be blank').max(500).optional(),
});
export type WriteQuery = z.infer<typeof writeQuerySchema>;

/** `GET .../flags/:key/plan`: the flag's guarded rollout plan, or null when it never had one. */
export const planResponseSchema = z.object({ plan: planSchema.nullable() });
export type PlanResponse = z.infer<typeof planResponseSchema>;

/** Every version of a flag, newest first. */
export const flagHistorySchema = z.object({ versions: z.array(flagSchema) });
export type FlagHistory = z.infer<typeof flagHistorySchema>;

/**
 * `POST /environments/:env/flags`: the flag as created in `:env`, and what became of it in every
 * environment (`created` by this request, or `kept` as another environment had it already).
 */
export const flagEverywhereSchema = z.object({
  flag: flagSchema,
  environments: z.array(
    z.object({ environment: z.string(), result: z.enum(['created', 'kept']), version: z.number().int() }),
  ),
});
export type FlagEverywhere = z.infer<typeof flagEverywhereSchema>;

/** A listed flag: the document plus the server-computed `percentage` (null for non-boolean flags). */
export const listedFlagSchema = flagSchema.safeExtend({ percentage: z.number().nullable() });
export type ListedFlag = z.infer<typeof listedFlagSchema>;

export const flagListSchema = z.object({ flags: z.array(listedFlagSchema) });
export type FlagList = z.infer<typeof flagListSchema>;

/** One flag variant's metrics over one minute (`minute` is epoch minutes). */
export const minuteMetricsSchema = z.object({
  ...flagVariantMetricsSchema.shape,
  latency: z.object(latencyHistogramSchema.shape).optional(),
  minute: z.number().int(),
});
export type MinuteMetrics = z.infer<typeof minuteMetricsSchema>;

/** One variant's sums over the requested minutes, with its error rate and p95 latency. */
export const variantTotalsSchema = z.object({
  variant: variantNameSchema.nullable(),
  ...variantWindowSchema.shape,
  exposures: z.number().int().min(0),
});
export type VariantTotals = z.infer<typeof variantTotalsSchema>;

/** `GET /environments/:env/flags/:key/metrics`: per-minute series, oldest first, and per-variant totals. */
export const flagMetricsResponseSchema = z.object({
  flag: z.string(),
  environment: z.string(),
  fromMinute: z.number().int(),
  toMinute: z.number().int(),
  series: z.array(minuteMetricsSchema),
  totals: z.array(variantTotalsSchema),
});
export type FlagMetricsResponse = z.infer<typeof flagMetricsResponseSchema>;

/** `details` of SY_ERR_CONFLICT: the version the resource is at now (null: it no longer exists). */
export const conflictDetailsSchema = z.object({ currentVersion: z.number().int().nullable() });
export type ConflictDetails = z.infer<typeof conflictDetailsSchema>;

/** `details` of SY_ERR_VALIDATION: what is wrong, field by field. */
export const fieldProblemsSchema = z.array(fieldProblemSchema);

/**
 * Every 4xx/5xx body: `{ error: { code, message, details? } }`. `details` depends on the code (field
 * problems, conflict details, ...), so clients parse it with the schema for the code they handle.
 */
export const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** Formats `POST /environments/:env/import` reads. */
export const IMPORT_FORMATS = ['flagd', 'unleash', 'switchyard'] as const;

/** `POST /environments/:env/import` body: another system's flags, translated and written. */
export const importRequestSchema = z.strictObject({
  format: z.enum(IMPORT_FORMATS),
  /**
   * The source format's JSON document: a flagd flag definition, Unleash's feature export (one
   * environment), or a flags file `{ flags, segments }`.
   */
  document: z.record(z.string(), z.unknown()),
  dryRun: z.boolean().default(false),
  /** Import the flags that translate even when others have problems. */
  skipProblems: z.boolean().default(false),
});
export type ImportRequest = z.output<typeof importRequestSchema>;

const importNoteSchema = z.object({ flag: z.string(), construct: z.string(), message: z.string() });

/** `POST /environments/:env/import` answer. */
export const importResponseSchema = z.object({
  created: z.array(z.string()),
  updated: z.array(z.string()),
  unchanged: z.array(z.string()),
  /** Flags that could not be translated, and why; with any, nothing is written unless `skipProblems`. */
  problems: z.array(importNoteSchema),
  /** Flags translated that may serve some users differently than the source system. */
  warnings: z.array(importNoteSchema),
  /**
   * Rollouts that put some users in another variant than the source system (Unleash hashes users
   * differently): `share` (0..1) of `sampled` generated users moved. Empty for flagd and flags files.
   */
  reassigned: z.array(
    z.object({ flag: z.string(), construct: z.string(), share: z.number(), sampled: z.number().int() }),
  ),
  /** Whether anything was written (false for `dryRun`, or when problems stopped the import). */
  applied: z.boolean(),
});
export type ImportResponse = z.infer<typeof importResponseSchema>;
