import type { FlagInput } from '../schema/flag.js';
import type { SegmentInput } from '../schema/segment.js';

/** A construct of a source flag that cannot be translated: the flag is not imported as it is. */
export interface ImportProblem {
  flag: string;
  construct: string;
  message: string;
}

/** What a translation from another system gives: documents, what failed, and what serves differently. */
export interface Translation {
  flags: FlagInput[];
  segments: SegmentInput[];
  problems: ImportProblem[];
  /** Translated, but some users may be served differently than by the source (and why). */
  warnings: ImportProblem[];
}
