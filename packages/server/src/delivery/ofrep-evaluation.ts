import { createHash } from 'node:crypto';
import {
  type Context,
  type EvaluationResult,
  openFeatureErrorMessage,
  reasonMetadata,
  toOpenFeatureErrorCode,
  toOpenFeatureReason,
} from '@switchyard/shared';
import type { EnvironmentState } from './environment-state.js';

/** One flag as OFREP answers it: `evaluationSuccess`, or `evaluationFailure` / `flagNotFound`. */
export type OfrepEvaluation =
  | {
      key: string;
      value: unknown;
      variant: string;
      reason: string;
      metadata: Record<string, string | number | boolean>;
    }
  | {
      key: string;
      errorCode: string;
      errorDetails: string;
      metadata?: Record<string, string | number | boolean>;
    };

/**
 * A Switchyard result in OFREP's words, with the reason and error mapping the OpenFeature providers
 * use. An evaluation that ended in an error is a failure (the caller's default applies), even where
 * the engine served the off variant, as the OpenFeature providers report it.
 */
export function toOfrepEvaluation(key: string, result: EvaluationResult): OfrepEvaluation {
  const metadata = reasonMetadata(result.reason);
  const { errorCode } = result.reason;
  if (result.reason.kind === 'ERROR' || result.variant === null) {
    return {
      key,
      errorCode: errorCode === undefined ? 'GENERAL' : toOpenFeatureErrorCode(errorCode),
      errorDetails: openFeatureErrorMessage(key, errorCode),
      metadata,
    };
  }
  return {
    key,
    value: result.value,
    variant: result.variant,
    reason: toOpenFeatureReason(result.reason),
    metadata,
  };
}

/** Every flag of the environment for one context, in key order, as the bulk route's `flags`. */
export function evaluateAllForOfrep(state: EnvironmentState, context: Context): OfrepEvaluation[] {
  const keys = [...state.flags.keys()].sort();
  return keys.map((key) => toOfrepEvaluation(key, state.evaluator.evaluate(key, context, null)));
}

/**
 * The bulk response's ETag: the ruleset revision and a digest of the store epoch and the context, so
 * it changes when any of them does (a store restored or accepted empty may count revisions again from
 * an earlier number: the epoch tells the two rulesets apart). The context is digested with sorted keys
 * so attribute order does not matter.
 */
export function bulkEtag(revision: number, context: Context, epoch: string | undefined): string {
  const canonical = JSON.stringify([
    epoch ?? null,
    Object.keys(context)
      .sort()
      .map((name) => [name, context[name]]),
  ]);
  const digest = createHash('sha256').update(canonical).digest('base64url').slice(0, 22);
  return `"${revision}-${digest}"`;
}
