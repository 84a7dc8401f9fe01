import type { FlagInput } from '../schema/flag.js';
import type { SegmentInput } from '../schema/segment.js';

/** A construct of a source flag that cannot be translated: the flag is not imported as it is. */
export interface ImportProblem {
  flag: string;
  construct: string;
  message: string;
}

/** A translated rollout that buckets users differently than the source system, and how many it moves. */
export interface Reassignment {
  flag: string;
  construct: string;
  /** The share (0..1) of sampled users served another variant than the source system serves them. */
  share: number;
  /** How many generated users the share was measured on. */
  sampled: number;
}

/** What a translation from another system gives: documents, what failed, and what serves differently. */
export interface Translation {
  flags: FlagInput[];
  segments: SegmentInput[];
  problems: ImportProblem[];
  /** Translated, but some users may be served differently than by the source (and why). */
  warnings: ImportProblem[];
  /** Rollouts whose users the source system buckets differently (Unleash); none for flagd. */
  reassigned?: Reassignment[];
}
