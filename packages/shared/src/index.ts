export { type ReconnectOptions, reconnectDelay } from './delivery/reconnect-delay.js';
export { positionAfter, type RulesetPosition, rulesetAdvances } from './delivery/ruleset-order.js';
export { deleteApplies, patchApplies } from './delivery/version-order.js';
export { bucketOf, bucketOfHash, createBucketer, unitOf } from './evaluation/bucketing.js';
export { parseDate } from './evaluation/dates.js';
export { fitsDefault, readAsDefault } from './evaluation/default-type.js';
export { createEvaluator } from './evaluation/evaluate.js';
export { evaluate } from './evaluation/evaluate-once.js';
export type { ContextOrUserId, Evaluator, RulesetLike } from './evaluation/evaluator.js';
export {
  longestChain,
  MAX_PREREQUISITE_DEPTH,
  type PrerequisiteGraph,
} from './evaluation/prerequisite-chains.js';
export { ERROR_CODES, REASON_KINDS } from './evaluation/reason-lists.js';
export { compareSemver, parseSemver, type SemVer } from './evaluation/semver.js';
export {
  type ApplyPlan,
  type ApplyStep,
  asWritten,
  comparableFlag,
  type DocumentKind,
  planApply,
} from './flags-file/apply-plan.js';
export { documentDiff, type FieldDiff } from './flags-file/document-diff.js';
export { type FlagsFile, flagsFileJsonSchema, flagsFileSchema } from './flags-file/flags-file-schema.js';
export {
  type FlagsFileStatus,
  fieldDiffSchema,
  flagsFileStatusSchema,
} from './flags-file/flags-file-status.js';
export { murmur3, murmur3WithPrefix } from './hashing/murmur3.js';
export { fromFlagd } from './interop/flagd/from-flagd.js';
export { type FlagdDocument, type FlagdExport, toFlagd } from './interop/flagd/to-flagd.js';
export { fromSwitchyard } from './interop/from-switchyard.js';
export type { ImportProblem, Reassignment, Translation } from './interop/import-result.js';
export { fromUnleash } from './interop/unleash/from-unleash.js';
export { type UnleashExport, unleashExportSchema } from './interop/unleash/unleash-export.js';
export {
  addHistogram,
  addSaturating,
  addVariantMetrics,
  emptyHistogram,
  histogramQuantile,
  latencyBucketIndex,
  MetricsAccumulator,
  type MetricsAccumulatorOptions,
} from './metrics/accumulator.js';
export { KEY_PATTERN, VARIANT_PATTERN } from './naming/key-pattern.js';
export {
  fromOpenFeatureContext,
  MAX_CONTEXT_DEPTH,
  type OpenFeatureContextValue,
} from './openfeature/context.js';
export {
  type OpenFeatureErrorCode,
  type OpenFeatureReason,
  openFeatureErrorMessage,
  reasonMetadata,
  toOpenFeatureErrorCode,
  toOpenFeatureReason,
} from './openfeature/reasons.js';
export {
  API_KEY_KINDS,
  type ApiKey,
  type ApiKeyKind,
  type ApiKeyList,
  type AuditActor,
  type AuditEntry,
  type AuditList,
  apiKeyKindSchema,
  apiKeyListSchema,
  apiKeySchema,
  auditActorSchema,
  auditEntrySchema,
  auditListSchema,
  type ConflictDetails,
  type CreatedApiKey,
  conflictDetailsSchema,
  createdApiKeySchema,
  type Environment,
  type EnvironmentList,
  type ErrorBody,
  environmentListSchema,
  environmentSchema,
  errorBodySchema,
  type FlagEverywhere,
  type FlagHistory,
  type FlagList,
  type FlagMetricsResponse,
  fieldProblemsSchema,
  flagEverywhereSchema,
  flagHistorySchema,
  flagListSchema,
  flagMetricsResponseSchema,
  IMPORT_FORMATS,
  type ImportRequest,
  type ImportResponse,
  importRequestSchema,
  importResponseSchema,
  type ListedFlag,
  listedFlagSchema,
  type MinuteMetrics,
  minuteMetricsSchema,
  type PlanResponse,
  planResponseSchema,
  type VariantTotals,
  variantTotalsSchema,
  type WriteQuery,
  writeQuerySchema,
} from './protocol/admin.js';
export {
  type AdminEndpoint,
  type AuditQuery,
  adminEndpoints,
  type PlanAction,
  segmentListSchema,
} from './protocol/admin-endpoints.js';
export {
  checkEventsBatch,
  type EventsBatchCheck,
  eventsBatchEnvelopeSchema,
  MAX_EVENTS_PER_BATCH,
} from './protocol/events-batch.js';
export {
  STALE_STATUSES,
  type StaleFlag,
  type StaleFlagList,
  staleFlagListSchema,
  staleFlagSchema,
} from './protocol/lifecycle.js';
export {
  checkEvaluateRequest,
  clientStreamDeleteSchema,
  type EvaluatedFlags,
  type EvaluateRequest,
  type EvaluateResponse,
  type EventsBatch,
  evaluatedFlagsSchema,
  evaluateRequestSchema,
  evaluateResponseSchema,
  eventsBatchSchema,
  type FlagVariantMetrics,
  flagVariantMetricsSchema,
  LATENCY_BUCKETS_MS,
  type LatencyHistogram,
  latencyHistogramSchema,
  MAX_REPORTED_COUNT,
  MAX_STORED_COUNT,
  type RulesetResponse,
  reportedVariantMetricsSchema,
  rulesetResponseSchema,
  type StreamDelete,
  type StreamPatch,
  streamDeleteSchema,
  streamPatchSchema,
} from './protocol/sdk.js';
export {
  type CreatedTrigger,
  createdTriggerSchema,
  TRIGGER_ACTIONS,
  type Trigger,
  type TriggerFired,
  type TriggerInput,
  type TriggerList,
  triggerFiredSchema,
  triggerInputSchema,
  triggerListSchema,
  triggerSchema,
} from './protocol/triggers.js';
export {
  type CreatedWebhook,
  createdWebhookSchema,
  WEBHOOK_DELIVERY_STATES,
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_FORMATS,
  type Webhook,
  type WebhookDelivery,
  type WebhookDeliveryList,
  type WebhookEvent,
  type WebhookEventType,
  type WebhookInput,
  type WebhookList,
  webhookDeliveryListSchema,
  webhookDeliverySchema,
  webhookEventSchema,
  webhookInputSchema,
  webhookListSchema,
  webhookSchema,
} from './protocol/webhooks.js';
export {
  type BooleanFlagFields,
  booleanFlagAt,
  isPercentage,
  percentageOf,
  percentageSchema,
  rampFallthrough,
} from './rollout/percentage.js';

export {
  type Clause,
  clauseSchema,
  MAX_REGEX_LENGTH,
  OPERATORS,
  type Operator,
  operatorSchema,
} from './schema/clause.js';
export {
  type AttributeValue,
  attributeValueSchema,
  CONTEXT_LIMITS,
  type Context,
  checkContext,
  contextSchema,
} from './schema/context.js';
export {
  type ErrorCode,
  type EvaluationResult,
  errorCodeSchema,
  evaluationResultSchema,
  type Reason,
  type ReasonKind,
  reasonKindSchema,
  reasonSchema,
} from './schema/evaluation.js';
export {
  FLAG_LIFECYCLES,
  FLAG_TYPES,
  type Flag,
  type FlagInput,
  type FlagLifecycle,
  type FlagType,
  flagInputSchema,
  flagLifecycleSchema,
  flagSchema,
  flagTypeSchema,
  type ManagedBy,
  managedBySchema,
  type Prerequisite,
  prerequisiteSchema,
  type Rollout,
  type Rule,
  rolloutSchema,
  ruleSchema,
  type Serve,
  serveSchema,
  type Target,
  TOTAL_WEIGHT,
  targetSchema,
  weightedVariantSchema,
} from './schema/flag.js';
export { jsonTextDeeperThan, MAX_JSON_DEPTH, valueDeeperThan } from './schema/json-depth.js';
export { keySchema, variantNameSchema } from './schema/keys.js';
export {
  type Guards,
  guardsSchema,
  PLAN_STATES,
  type Plan,
  type PlanDecision,
  type PlanInput,
  type PlanState,
  type PrometheusCheck,
  planDecisionSchema,
  planInputSchema,
  planSchema,
  planStateSchema,
  prometheusCheckSchema,
  type VariantWindow,
} from './schema/plan.js';
export { type FieldProblem, fieldProblemSchema, validationProblems } from './schema/problems.js';
export { type Ruleset, rulesetSchema } from './schema/ruleset.js';
export {
  SCHEDULE_STATES,
  type Schedule,
  type ScheduledChange,
  type ScheduleInput,
  type ScheduleList,
  type ScheduleState,
  scheduledChangeSchema,
  scheduleInputSchema,
  scheduleListSchema,
  scheduleSchema,
  scheduleStateSchema,
} from './schema/schedule.js';
export {
  type Segment,
  type SegmentInput,
  type SegmentRule,
  segmentInputSchema,
  segmentRuleSchema,
  segmentSchema,
} from './schema/segment.js';
