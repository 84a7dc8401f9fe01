import { z } from 'zod';
import { MAX_REPORTED_COUNT, MAX_STORED_COUNT } from '../metrics/counter-limits.js';
import { LATENCY_BUCKETS_MS } from '../metrics/latency-buckets.js';
import { type Context, checkContext, contextSchema } from '../schema/context.js';
import { evaluationResultSchema } from '../schema/evaluation.js';
import { flagSchema } from '../schema/flag.js';
import { isRecord } from '../schema/is-record.js';
import { keySchema, variantNameSchema } from '../schema/keys.js';
import { rulesetSchema } from '../schema/ruleset.js';
import { segmentSchema } from '../schema/segment.js';
import { MAX_EVENTS_PER_BATCH } from './events-batch.js';

/**
 * The SDK-facing wire protocol (DESIGN section 6). Server and SDKs both parse with these schemas;
 * nothing that crosses the wire is cast from JSON.
 */

/**
 * The store epoch a payload comes from (docs/sdk-protocol.md): sent only to SDKs that ask with
 * `?epoch=1`, so SDKs that predate it still parse every payload.
 */
export const epochSchema = z.string().min(1).max(100);

/** `GET /sdk/v1/ruleset` body, and the data of a server stream's `put` event. */
export const rulesetResponseSchema = rulesetSchema
  .required({ revision: true })
  .extend({ epoch: epochSchema.optional() });
export type RulesetResponse = z.infer<typeof rulesetResponseSchema>;

/** Server stream (`GET /sdk/v1/stream`) `patch` event data: one flag or segment, new or changed. */
export const streamPatchSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('flag'), data: flagSchema }),
  z.strictObject({ kind: z.literal('segment'), data: segmentSchema }),
]);
export type StreamPatch = z.infer<typeof streamPatchSchema>;

/** Server stream `delete` event data. `version` is the last version the deleted document had. */
export const streamDeleteSchema = z.strictObject({
  kind: z.enum(['flag', 'segment']),
  key: keySchema,
  version: z.number().int().min(0),
});
export type StreamDelete = z.infer<typeof streamDeleteSchema>;

/** `POST /sdk/v1/evaluate` body. */
export const evaluateRequestSchema = z.strictObject({ context: contextSchema });
export type EvaluateRequest = z.infer<typeof evaluateRequestSchema>;

/**
 * `evaluateRequestSchema` by hand (see {@link checkContext}): the context of a body the schema accepts,
 * undefined for anything else (then the schema runs, for a 400 that names the field).
 */
export function checkEvaluateRequest(value: unknown): Context | undefined {
  if (!isRecord(value)) return undefined;
  for (const key in value) if (key !== 'context') return undefined;
  return checkContext(value.context);
}

/** Values evaluated on the server for one context: rules, targets and segments never leave it. */
export const evaluatedFlagsSchema = z.record(z.string(), evaluationResultSchema);
export type EvaluatedFlags = z.infer<typeof evaluatedFlagsSchema>;

/** `POST /sdk/v1/evaluate` response, and the data of a client stream's `put` and `patch` events. */
export const evaluateResponseSchema = z.strictObject({
  epoch: epochSchema.optional(),
  revision: z.number().int().min(0).optional(),
  flags: evaluatedFlagsSchema,
});
export type EvaluateResponse = z.infer<typeof evaluateResponseSchema>;

/** Client stream `delete` event data: flags that no longer exist. */
export const clientStreamDeleteSchema = z.strictObject({ keys: z.array(keySchema) });

export { LATENCY_BUCKETS_MS, MAX_REPORTED_COUNT, MAX_STORED_COUNT };

const histogramFields = (max: number) => ({
  counts: z.array(z.number().int().min(0).max(max)).length(LATENCY_BUCKETS_MS.length + 1),
  sumMs: z.number().min(0).max(max),
});
const variantMetricsFields = (max: number) => ({
  flag: keySchema,
  /** null for evaluations that served the caller's default (flag missing, not ready). */
  variant: variantNameSchema.nullable(),
  evaluations: z.number().int().min(0).max(max).default(0),
  /** Distinct contexts that saw this variant, as far as the SDK could tell in its window. */
  exposures: z.number().int().min(0).max(max).default(0),
  /** Failures the application reported while this variant was served (`recordError`). */
  errors: z.number().int().min(0).max(max).default(0),
  latency: z.strictObject(histogramFields(max)).optional(),
});

/** A latency histogram as stored and charted (sums of many reports). */
export const latencyHistogramSchema = z.strictObject(histogramFields(MAX_STORED_COUNT));
export type LatencyHistogram = z.infer<typeof latencyHistogramSchema>;

/** Sums of one flag variant as stored: what SDKs reported, added up (saturating). */
export const flagVariantMetricsSchema = z.strictObject(variantMetricsFields(MAX_STORED_COUNT));
export type FlagVariantMetrics = z.infer<typeof flagVariantMetricsSchema>;

/** What an SDK saw of one flag variant since its last flush: one entry of `POST /sdk/v1/events`. */
export const reportedVariantMetricsSchema = z.strictObject(variantMetricsFields(MAX_REPORTED_COUNT));

/** `POST /sdk/v1/events` body. */
export const eventsBatchSchema = z.strictObject({
  metrics: z.array(reportedVariantMetricsSchema).max(MAX_EVENTS_PER_BATCH),
});
export type EventsBatch = z.infer<typeof eventsBatchSchema>;
