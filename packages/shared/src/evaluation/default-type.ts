import type { EvaluationResult, Reason } from '../schema/evaluation.js';

// Browser-safe on purpose (the React SDK bundles it): no zod here, only types.

/** The JSON type of a value, as a caller's default names it: arrays and objects are different types. */
function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  return value === null ? 'null' : typeof value;
}

/**
 * Whether a served value can stand where the caller's default stands: both are of the same JSON type
 * (boolean, string, number, object, array). A default of `undefined` or `null` asks for no check.
 * The one rule behind `TYPE_MISMATCH` in every SDK, whether it knows the flag's type or only the value.
 */
export function fitsDefault(value: unknown, defaultValue: unknown): boolean {
  if (defaultValue === undefined || defaultValue === null) return true;
  return jsonType(value) === jsonType(defaultValue);
}

const TYPE_MISMATCH: Reason = Object.freeze({ kind: 'ERROR', errorCode: 'TYPE_MISMATCH' });

/**
 * `result` read as the caller's type. The default stands in, with variant null, when nothing was served
 * (not ready, unknown flag: the result's own reason) or when the served value does not fit the default
 * (`TYPE_MISMATCH`). A fitting result is returned as is, so its identity changes only when the flag does.
 */
export function readAsDefault<T>(result: EvaluationResult, defaultValue: T): EvaluationResult<T> {
  if (result.variant === null) return { value: defaultValue, variant: null, reason: result.reason };
  if (!fitsDefault(result.value, defaultValue))
    return { value: defaultValue, variant: null, reason: TYPE_MISMATCH };
  return result as EvaluationResult<T>;
}
