/**
 * The language-neutral test vectors of DESIGN.md (a copy of ../shared/vectors kept in ../fixtures so the
 * repository stands alone), parsed with the shared schemas. Every package that hashes or evaluates runs them through its own API.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluationResultSchema, flagSchema, segmentSchema } from '@switchyard/shared';
import { z } from 'zod';

/** Where the copies of ../shared/vectors live in this repository. */
export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures', import.meta.url));

const bucketingVectorsSchema = z.strictObject({
  murmur3_x86_32: z.array(
    z.strictObject({ input: z.string(), seed: z.number().int(), hash: z.number().int() }),
  ),
  bucket: z.array(z.strictObject({ salt: z.string(), unit: z.string(), bucket: z.number().int() })),
});
export type BucketingVectors = z.infer<typeof bucketingVectorsSchema>;

const evaluationCaseSchema = z.strictObject({
  flag: z.string(),
  context: z.record(z.string(), z.json()),
  default: z.json(),
  expect: evaluationResultSchema,
});
export type EvaluationCase = z.infer<typeof evaluationCaseSchema>;

const evaluationVectorsSchema = z.strictObject({
  specVersion: z.number().int(),
  flags: z.record(z.string(), flagSchema),
  segments: z.record(z.string(), segmentSchema),
  cases: z.array(evaluationCaseSchema),
});
export type EvaluationVectors = z.infer<typeof evaluationVectorsSchema>;

const load = <S extends z.ZodType>(schema: S, name: string): z.infer<S> =>
  schema.parse(JSON.parse(readFileSync(join(FIXTURES_DIR, name), 'utf8')));

export const bucketingVectors = load(bucketingVectorsSchema, 'bucketing.json');
export const evaluationVectors = load(evaluationVectorsSchema, 'evaluation.json');

/** A readable test name for one evaluation case. */
export const caseName = (c: EvaluationCase) =>
  `${c.flag} ${JSON.stringify(c.context)} -> ${JSON.stringify(c.expect.value)}`;

/**
 * What every OpenFeature surface (the providers, the OFREP routes) must report for a case, written
 * out independently of the mapping in src/openfeature.
 */
export function openFeatureReason({ reason }: EvaluationCase['expect']): string {
  if (reason.kind === 'ERROR') return 'ERROR';
  if (reason.inRollout) return 'SPLIT';
  return {
    OFF: 'DISABLED',
    PREREQUISITE_FAILED: 'DISABLED',
    TARGET_MATCH: 'TARGETING_MATCH',
    RULE_MATCH: 'TARGETING_MATCH',
    FALLTHROUGH: 'DEFAULT',
  }[reason.kind];
}

export const OPEN_FEATURE_ERROR_CODES = {
  FLAG_NOT_FOUND: 'FLAG_NOT_FOUND',
  TYPE_MISMATCH: 'TYPE_MISMATCH',
  TARGETING_KEY_MISSING: 'TARGETING_KEY_MISSING',
  MALFORMED_FLAG: 'PARSE_ERROR',
  NOT_READY: 'PROVIDER_NOT_READY',
} as const;

/** A vector's context the OpenFeature way: `userId` is the targetingKey, absent when the vector has none. */
export function openFeatureContext({
  userId,
  ...attributes
}: Record<string, unknown>): Record<string, unknown> {
  const context: Record<string, unknown> = { ...attributes };
  if (typeof userId === 'string') context.targetingKey = userId;
  // A userId that is not a string (a list) goes in as an attribute, which no Switchyard userId can be.
  else if (userId !== undefined) context.userId = userId;
  return context;
}

const positionSchema = z.strictObject({
  epoch: z.string().optional(),
  revision: z.number().int().min(0).optional(),
});
const rulesetOrderSchema = z.strictObject({
  description: z.string(),
  cases: z.array(
    z.strictObject({
      name: z.string(),
      held: positionSchema.nullable(),
      incoming: positionSchema,
      applies: z.boolean(),
    }),
  ),
});
/** One case of the ruleset order table: does a payload at `incoming` apply over `held` (`rulesetAdvances`)? */
export type RulesetOrderCase = z.infer<typeof rulesetOrderSchema>['cases'][number];

/** Run by shared (`rulesetAdvances`) and by each SDK through its own store. */
export const rulesetOrderCases: RulesetOrderCase[] = load(rulesetOrderSchema, 'ruleset-order.json').cases;
