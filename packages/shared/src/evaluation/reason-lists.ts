// The reason kinds and error codes of an evaluation result, without zod, so that the browser SDK's
// hand-written payload checks use the very lists the schemas are built from.

export const REASON_KINDS = [
  'OFF',
  'TARGET_MATCH',
  'RULE_MATCH',
  'PREREQUISITE_FAILED',
  'FALLTHROUGH',
  'ERROR',
] as const;

export const ERROR_CODES = [
  'FLAG_NOT_FOUND',
  'TARGETING_KEY_MISSING',
  'MALFORMED_FLAG',
  'TYPE_MISMATCH',
  'NOT_READY',
] as const;
