import {
  ErrorCode,
  type FlagValueType,
  type JsonValue,
  type ResolutionDetails,
  StandardResolutionReasons,
} from '@openfeature/core';
import type { EvaluationResult } from '@switchyard/sdk-node';
import {
  openFeatureErrorMessage,
  reasonMetadata,
  toOpenFeatureErrorCode,
  toOpenFeatureReason,
} from '@switchyard/shared';

/**
 * Whether a served value answers a resolution of `type`. Object resolution takes JSON objects and
 * arrays only: a JSON flag holding a bare string or number is not a structure.
 */
function fitsType(value: unknown, type: FlagValueType): boolean {
  if (type === 'object') return typeof value === 'object' && value !== null;
  return typeof value === type;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * A Switchyard evaluation result as OpenFeature resolution details for a call of `type`, with the
 * reason and error mapping of `@switchyard/shared` (which the server's OFREP routes use too). On an
 * error the value is the caller's default (OpenFeature substitutes it anyway) and the variant is left out.
 */
export function toResolution<T extends JsonValue>(
  key: string,
  result: EvaluationResult,
  defaultValue: T,
  type: FlagValueType,
): ResolutionDetails<T> {
  const flagMetadata = reasonMetadata(result.reason);
  const { errorCode } = result.reason;
  if (result.reason.kind === 'ERROR' || result.variant === null) {
    return {
      value: defaultValue,
      reason: StandardResolutionReasons.ERROR,
      errorCode: errorCode === undefined ? ErrorCode.GENERAL : ErrorCode[toOpenFeatureErrorCode(errorCode)],
      errorMessage: openFeatureErrorMessage(key, errorCode, type),
      flagMetadata,
    };
  }
  if (!fitsType(result.value, type)) {
    return {
      value: defaultValue,
      reason: StandardResolutionReasons.ERROR,
      errorCode: ErrorCode.TYPE_MISMATCH,
      errorMessage: `flag "${key}" serves ${describeType(result.value)}, not ${type === 'object' ? 'an object' : `a ${type}`}`,
      flagMetadata,
    };
  }
  return {
    value: result.value as T,
    variant: result.variant,
    reason: toOpenFeatureReason(result.reason),
    flagMetadata,
  };
}
