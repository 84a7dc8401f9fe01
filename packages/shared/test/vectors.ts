/**
 * The language-neutral test vectors of DESIGN.md (a copy of ../shared/vectors kept as fixtures so the
 * repository stands alone). Every package that hashes or evaluates runs them through its own API.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EvaluationResult, Flag, Segment } from '../src/index.js';

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

/** A readable test name for one evaluation case. */
export const caseName = (c: EvaluationCase) =>
  `${c.flag} ${JSON.stringify(c.context)} -> ${JSON.stringify(c.expect.value)}`;
