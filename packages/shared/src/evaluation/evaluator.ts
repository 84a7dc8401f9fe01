import type { EvaluatedFlags } from '../protocol/sdk.js';
import type { Context } from '../schema/context.js';
import type { EvaluationResult } from '../schema/evaluation.js';
import type { Flag } from '../schema/flag.js';
import type { Segment } from '../schema/segment.js';
import type { ContextLike } from './clauses.js';

/** The flags and segments `evaluate` reads. Treated as immutable: replace objects, do not mutate. */
export interface RulesetLike {
  readonly flags: Readonly<Record<string, Flag>>;
  readonly segments: Readonly<Record<string, Segment>>;
}

/** A context, or just a user id (`"u-1"` is `{ userId: "u-1" }`). */
export type ContextOrUserId = Context | ContextLike | string;

/**
 * A compiled ruleset that evaluates flags. Compiling happens once per change (`replace`, `setFlag`,
 * ...); evaluating does no allocation beyond the result object, and `isEnabled` none at all.
 */
export interface Evaluator {
  /** Full result with value, variant and reason. Never throws. */
  evaluate<T = unknown>(key: string, context: ContextOrUserId, defaultValue?: T): EvaluationResult<T>;
  /** True when a boolean flag serves `on`. False for a missing flag or a flag of another type. */
  isEnabled(key: string, context: ContextOrUserId): boolean;
  /**
   * A number that identifies the result for this context (equal numbers, equal results), computed
   * without allocating; -1 when the flag is missing. Servers that answer many contexts serialize a
   * result once per outcome (see {@link Evaluator.resultOf}).
   */
  outcomeOf(key: string, context: ContextOrUserId): number;
  /** The result an outcome of {@link Evaluator.outcomeOf} stands for. */
  resultOf<T = unknown>(key: string, outcome: number, defaultValue?: T): EvaluationResult<T>;
  /** The served value, or `defaultValue` when the flag is missing. */
  variation<T = unknown>(key: string, context: ContextOrUserId, defaultValue: T): T;
  /** The flag document behind a key, if any. */
  getFlag(key: string): Flag | undefined;
  flagKeys(): string[];
  /** Every flag evaluated for one context (default null), as remote evaluation and `allFlags` answer. */
  evaluateAll(context: ContextOrUserId): EvaluatedFlags;
  replace(ruleset: RulesetLike): void;
  setFlag(flag: Flag): void;
  deleteFlag(key: string): void;
  setSegment(segment: Segment): void;
  deleteSegment(key: string): void;
}
