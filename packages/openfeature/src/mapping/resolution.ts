import {
  ErrorCode,
  type FlagMetadata,
  type FlagValueType,
  type JsonValue,
  type ResolutionDetails,
  type ResolutionReason,
  StandardResolutionReasons,
} from '@openfeature/core';
import type { EvaluationResult, Reason } from '@switchyard/sdk-node';

type SwitchyardErrorCode = NonNullable<Reason['errorCode']>;

const ERROR_CODES: Record<SwitchyardErrorCode, ErrorCode> = {
  FLAG_NOT_FOUND: ErrorCode.FLAG_NOT_FOUND,
  TYPE_MISMATCH: ErrorCode.TYPE_MISMATCH,
  TARGETING_KEY_MISSING: ErrorCode.TARGETING_KEY_MISSING,
  // A prerequisite cycle: the flag's configuration cannot be evaluated, which OpenFeature calls a
  // parse error ("an error was encountered parsing data, such as a flag configuration").
  MALFORMED_FLAG: ErrorCode.PARSE_ERROR,
  NOT_READY: ErrorCode.PROVIDER_NOT_READY,
};

const ERROR_MESSAGES: Record<SwitchyardErrorCode, (key: string, type: FlagValueType) => string> = {
  FLAG_NOT_FOUND: (key) => `flag "${key}" not found`,
  TYPE_MISMATCH: (key, type) => `flag "${key}" is not a ${type === 'object' ? 'json' : type} flag`,
  TARGETING_KEY_MISSING: (key) =>
    `flag "${key}" serves a percentage rollout and the context lacks the attribute it buckets by (targetingKey for userId)`,
  MALFORMED_FLAG: (key) => `flag "${key}" has a prerequisite cycle`,
  NOT_READY: () => 'no flag data has arrived yet',
};

/**
 * Switchyard's reason as OpenFeature's:
 * - a value served by a percentage rollout (`inRollout`) → `SPLIT`, whichever rule served it;
 * - `OFF` → `DISABLED`;
 * - `PREREQUISITE_FAILED` → `DISABLED`: the flag served its off variant because a flag it depends on
 *   does not serve what it needs, so for this context it is switched off (`prerequisiteKey` is in the
 *   flag metadata);
 * - `TARGET_MATCH`, `RULE_MATCH` → `TARGETING_MATCH`;
 * - `FALLTHROUGH` to a fixed variant → `DEFAULT`: the flag's configured value when nothing targeted
 *   the context. A result alone cannot tell whether the flag has targeting at all, so `STATIC` (which
 *   promises that no dynamic evaluation could have happened) is never claimed.
 */
export function toOpenFeatureReason(reason: Reason): ResolutionReason {
  if (reason.kind === 'ERROR') return StandardResolutionReasons.ERROR;
  if (reason.inRollout === true) return StandardResolutionReasons.SPLIT;
  switch (reason.kind) {
    case 'OFF':
    case 'PREREQUISITE_FAILED':
      return StandardResolutionReasons.DISABLED;
    case 'TARGET_MATCH':
    case 'RULE_MATCH':
      return StandardResolutionReasons.TARGETING_MATCH;
    case 'FALLTHROUGH':
      return StandardResolutionReasons.DEFAULT;
  }
}

/** The parts of Switchyard's reason that OpenFeature's loses, for `flagMetadata`. */
export function reasonMetadata(reason: Reason): FlagMetadata {
  const metadata: FlagMetadata = { switchyardReason: reason.kind };
  if (reason.ruleId !== undefined) metadata.ruleId = reason.ruleId;
  if (reason.ruleIndex !== undefined) metadata.ruleIndex = reason.ruleIndex;
  if (reason.prerequisiteKey !== undefined) metadata.prerequisiteKey = reason.prerequisiteKey;
  if (reason.inRollout === true) metadata.inRollout = true;
  return metadata;
}

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
 * A Switchyard evaluation result as OpenFeature resolution details for a call of `type`. On an error the
 * value is the caller's default (OpenFeature substitutes it anyway) and the variant is left out.
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
      errorCode: errorCode === undefined ? ErrorCode.GENERAL : ERROR_CODES[errorCode],
      errorMessage:
        errorCode === undefined
          ? `flag "${key}" could not be evaluated`
          : ERROR_MESSAGES[errorCode](key, type),
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
