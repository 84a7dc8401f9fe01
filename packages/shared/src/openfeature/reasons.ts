import type { ErrorCode, Reason } from '../schema/evaluation.js';

/**
 * OpenFeature's words for why a value was served, as the OpenFeature providers and the OFREP routes
 * report them. Plain strings: OpenFeature's own constants live in `@openfeature/core`, which the
 * engine's package does not depend on.
 */
export type OpenFeatureReason = 'ERROR' | 'SPLIT' | 'DISABLED' | 'TARGETING_MATCH' | 'DEFAULT';

/** OpenFeature's error codes that a Switchyard evaluation can end in. */
export type OpenFeatureErrorCode =
  | 'FLAG_NOT_FOUND'
  | 'TYPE_MISMATCH'
  | 'TARGETING_KEY_MISSING'
  | 'PARSE_ERROR'
  | 'PROVIDER_NOT_READY';

const ERROR_CODES: Record<ErrorCode, OpenFeatureErrorCode> = {
  FLAG_NOT_FOUND: 'FLAG_NOT_FOUND',
  TYPE_MISMATCH: 'TYPE_MISMATCH',
  TARGETING_KEY_MISSING: 'TARGETING_KEY_MISSING',
  // A prerequisite cycle: the flag's configuration cannot be evaluated, which OpenFeature calls a
  // parse error ("an error was encountered parsing data, such as a flag configuration").
  MALFORMED_FLAG: 'PARSE_ERROR',
  NOT_READY: 'PROVIDER_NOT_READY',
};

const ERROR_MESSAGES: Record<ErrorCode, (key: string, type: string) => string> = {
  FLAG_NOT_FOUND: (key) => `flag "${key}" not found`,
  TYPE_MISMATCH: (key, type) => `flag "${key}" is not a ${type === 'object' ? 'json' : type} flag`,
  TARGETING_KEY_MISSING: (key) =>
    `flag "${key}" serves a percentage rollout and the context lacks the attribute it buckets by (targetingKey for userId)`,
  MALFORMED_FLAG: (key) => `flag "${key}" has a prerequisite cycle`,
  NOT_READY: () => 'no flag data has arrived yet',
};

/** A Switchyard error code as OpenFeature's. */
export function toOpenFeatureErrorCode(code: ErrorCode): OpenFeatureErrorCode {
  return ERROR_CODES[code];
}

/** What went wrong, in a sentence naming the flag; `type` is the type the caller asked for, if any. */
export function openFeatureErrorMessage(key: string, code: ErrorCode | undefined, type = 'value'): string {
  return code === undefined ? `flag "${key}" could not be evaluated` : ERROR_MESSAGES[code](key, type);
}

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
export function toOpenFeatureReason(reason: Reason): OpenFeatureReason {
  if (reason.kind === 'ERROR') return 'ERROR';
  if (reason.inRollout === true) return 'SPLIT';
  switch (reason.kind) {
    case 'OFF':
    case 'PREREQUISITE_FAILED':
      return 'DISABLED';
    case 'TARGET_MATCH':
    case 'RULE_MATCH':
      return 'TARGETING_MATCH';
    case 'FALLTHROUGH':
      return 'DEFAULT';
  }
}

/** The parts of Switchyard's reason that OpenFeature's loses, for flag metadata. */
export function reasonMetadata(reason: Reason): Record<string, string | number | boolean> {
  const metadata: Record<string, string | number | boolean> = { switchyardReason: reason.kind };
  if (reason.ruleId !== undefined) metadata.ruleId = reason.ruleId;
  if (reason.ruleIndex !== undefined) metadata.ruleIndex = reason.ruleIndex;
  if (reason.prerequisiteKey !== undefined) metadata.prerequisiteKey = reason.prerequisiteKey;
  if (reason.inRollout === true) metadata.inRollout = true;
  return metadata;
}
