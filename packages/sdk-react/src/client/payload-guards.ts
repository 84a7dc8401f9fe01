import type { EvaluatedFlags, EvaluateResponse } from '@switchyard/shared';

// Hand-checked twins of the shared `evaluateResponseSchema` and `clientStreamDeleteSchema`. Zod cannot
// ship to browsers within the 8 KB budget: the shared schemas bundle to about 95 KB gzipped and
// zod/mini alone to about 7.4 KB for these shapes. test/client/payload-guards.test.ts runs both over
// generated payloads and requires them to accept and reject exactly alike.

const REASON_KINDS: readonly unknown[] = [
  'OFF',
  'TARGET_MATCH',
  'RULE_MATCH',
  'PREREQUISITE_FAILED',
  'FALLTHROUGH',
  'ERROR',
];
const ERROR_CODES: readonly unknown[] = [
  'FLAG_NOT_FOUND',
  'TARGETING_KEY_MISSING',
  'MALFORMED_FLAG',
  'TYPE_MISMATCH',
  'NOT_READY',
];
const FLAG_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Reason kinds and error codes the guards accept, exported so a test can compare them with the shared lists. */
export const GUARDED_ENUMS = { REASON_KINDS, ERROR_CODES, FLAG_KEY };

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isPlainObject = (value: unknown): value is Fields => {
  if (!isObject(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/** Every own key is one of `allowed`, as zod's strictObject requires. */
const hasOnly = (value: Fields, allowed: readonly string[]) =>
  Object.keys(value).every((key) => allowed.includes(key));

const optional = (value: unknown, check: (value: unknown) => boolean) => value === undefined || check(value);
const isString = (value: unknown) => typeof value === 'string';
const isCount = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;

/** Zod skips a record's `__proto__` key, neither checking nor keeping it. */
const recordEntries = (value: Fields) => Object.entries(value).filter(([key]) => key !== '__proto__');

function isJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isJson(value[i])) return false;
    return true;
  }
  return isPlainObject(value) && recordEntries(value).every(([, item]) => isJson(item));
}

/**
 * Drops `__proto__` keys from a JSON value parsed by JSON.parse, in place, as zod's output does:
 * they are never checked, never kept, and never reach code that might copy them onto a prototype.
 */
function dropProtoKeys(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) dropProtoKeys(item);
  } else if (value !== null && typeof value === 'object') {
    if (Object.hasOwn(value, '__proto__')) delete (value as Fields).__proto__;
    for (const item of Object.values(value)) dropProtoKeys(item);
  }
}

const isReason = (value: unknown) =>
  isObject(value) &&
  hasOnly(value, ['kind', 'ruleId', 'ruleIndex', 'prerequisiteKey', 'errorCode', 'inRollout']) &&
  REASON_KINDS.includes(value.kind) &&
  optional(value.ruleId, isString) &&
  optional(value.ruleIndex, isCount) &&
  optional(value.prerequisiteKey, isString) &&
  optional(value.errorCode, (code) => ERROR_CODES.includes(code)) &&
  optional(value.inRollout, (flag) => flag === true);

const isEvaluationResult = (value: unknown): value is EvaluatedFlags[string] =>
  isObject(value) &&
  hasOnly(value, ['value', 'variant', 'reason']) &&
  isJson(value.value) &&
  (value.variant === null || isString(value.variant)) &&
  isReason(value.reason);

/** An `evaluateResponseSchema` payload (evaluate response, stream `put` and `patch`), or undefined. */
export function parseEvaluateResponse(data: unknown): EvaluateResponse | undefined {
  if (!isObject(data) || !hasOnly(data, ['revision', 'flags'])) return undefined;
  if (!optional(data.revision, isCount) || !isPlainObject(data.flags)) return undefined;
  const flags: EvaluatedFlags = {};
  for (const [key, result] of recordEntries(data.flags)) {
    if (!isEvaluationResult(result)) return undefined;
    dropProtoKeys(result.value);
    flags[key] = result;
  }
  return data.revision === undefined ? { flags } : { revision: data.revision as number, flags };
}

/** A `clientStreamDeleteSchema` payload (stream `delete`): the keys of flags that no longer exist. */
export function parseStreamDelete(data: unknown): { keys: string[] } | undefined {
  if (!isObject(data) || !hasOnly(data, ['keys']) || !Array.isArray(data.keys)) return undefined;
  const keys: string[] = [];
  for (let i = 0; i < data.keys.length; i++) {
    const key = data.keys[i];
    if (typeof key !== 'string' || !FLAG_KEY.test(key)) return undefined;
    keys.push(key);
  }
  return { keys };
}

/** `text` parsed as JSON and checked by `parse`; undefined when either step fails. */
export function parseJsonWith<T>(text: string, parse: (data: unknown) => T | undefined): T | undefined {
  try {
    return parse(JSON.parse(text));
  } catch {
    return undefined;
  }
}
