/**
 * The language-neutral test vectors of DESIGN.md (a copy of ../shared/vectors kept as fixtures so the
 * repository stands alone). Every package that hashes or evaluates runs them through its own API.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EvaluationResult, Flag, RulesetPosition, Segment } from '../src/index.js';

export const FIXTURES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

export interface BucketingVectors {
  murmur3_x86_32: { input: string; seed: number; hash: number }[];
  bucket: { salt: string; unit: string; bucket: number }[];
}

export interface EvaluationCase {
  flag: string;
  context: Record<string, unknown>;
  default: unknown;
  expect: EvaluationResult;
}

export interface EvaluationVectors {
  specVersion: number;
  flags: Record<string, Flag>;
  segments: Record<string, Segment>;
  cases: EvaluationCase[];
}

const load = <T>(name: string): T => JSON.parse(readFileSync(join(FIXTURES_DIR, name), 'utf8')) as T;

export const bucketingVectors = load<BucketingVectors>('bucketing.json');
export const evaluationVectors = load<EvaluationVectors>('evaluation.json');

/** One case of the ruleset order table: does a payload at `incoming` apply over `held`? */
export interface RulesetOrderCase {
  name: string;
  held: RulesetPosition | null;
  incoming: RulesetPosition;
  applies: boolean;
}

/** Run by shared (`rulesetAdvances`) and by each SDK through its own store. */
export const rulesetOrderCases = load<{ cases: RulesetOrderCase[] }>('ruleset-order.json').cases;

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
