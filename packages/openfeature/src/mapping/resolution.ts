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
 * A Switchyard evaluation result as OpenFeature resolution details for a call of `type`, with the
 * reason and error mapping of `@switchyard/shared` (which the server's OFREP routes use too). On an
 * error the value is the caller's default (OpenFeature substitutes it anyway) and the variant is left out.
 * `result` comes from an SDK read with the caller's default, so `TYPE_MISMATCH` is already decided by
 * the rule every SDK shares.
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
  return {
    value: result.value as T,
    variant: result.variant,
    reason: toOpenFeatureReason(result.reason),
    flagMetadata,
  };
}
