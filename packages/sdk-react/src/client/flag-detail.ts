import type { ErrorCode, EvaluationResult } from '@switchyard/shared';

/** A flag's value, the variant that served it (null when the caller's default stands in) and why. */
export type FlagDetail<T> = EvaluationResult<T>;

const noValue = (errorCode: ErrorCode): EvaluationResult =>
  Object.freeze({ value: null, variant: null, reason: Object.freeze({ kind: 'ERROR', errorCode }) });

/** What the store reads before any values arrived. */
export const NOT_READY: EvaluationResult = noValue('NOT_READY');
/** What the store reads for a flag the server did not evaluate. */
export const FLAG_NOT_FOUND: EvaluationResult = noValue('FLAG_NOT_FOUND');
