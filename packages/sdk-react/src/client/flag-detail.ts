import type { ErrorCode, EvaluationResult, Reason } from '@switchyard/shared';

/** A flag's value, the variant that served it (null when the caller's default stands in) and why. */
export type FlagDetail<T> = EvaluationResult<T>;

const noValue = (errorCode: ErrorCode): EvaluationResult =>
  Object.freeze({ value: null, variant: null, reason: Object.freeze({ kind: 'ERROR', errorCode }) });

/** What the store reads before any values arrived. */
export const NOT_READY: EvaluationResult = noValue('NOT_READY');
/** What the store reads for a flag the server did not evaluate. */
export const FLAG_NOT_FOUND: EvaluationResult = noValue('FLAG_NOT_FOUND');
const TYPE_MISMATCH: Reason = Object.freeze({ kind: 'ERROR', errorCode: 'TYPE_MISMATCH' });

/** Whether `value` can stand where the caller expects something shaped like `defaultValue`. */
function fitsDefault(value: unknown, defaultValue: unknown): boolean {
  const expected = typeof defaultValue;
  if (expected === 'boolean' || expected === 'string' || expected === 'number')
    return typeof value === expected;
  if (expected === 'object' && defaultValue !== null) {
    return (
      typeof value === 'object' && value !== null && Array.isArray(value) === Array.isArray(defaultValue)
    );
  }
  return true;
}

/**
 * `result` read as the caller's type. The default stands in, with variant null, when nothing was served
 * (not ready, unknown flag) or when the served value is not of the default's type (`TYPE_MISMATCH`).
 * A served result is returned as is, so its identity only changes when the flag does.
 */
export function toFlagDetail<T>(result: EvaluationResult, defaultValue: T): FlagDetail<T> {
  if (result.variant === null) return { value: defaultValue, variant: null, reason: result.reason };
  if (!fitsDefault(result.value, defaultValue)) {
    return { value: defaultValue, variant: null, reason: TYPE_MISMATCH };
  }
  return result as FlagDetail<T>;
}
