import {
  ERROR_CODES,
  type EvaluatedFlags,
  type EvaluateResponse,
  KEY_PATTERN,
  REASON_KINDS,
} from '@switchyard/shared';

// Hand-checked twins of the shared `evaluateResponseSchema` and `clientStreamDeleteSchema`. Zod cannot
// ship to browsers within the 8 KB budget: the shared schemas bundle to about 95 KB gzipped and
// zod/mini alone to about 7.4 KB for these shapes. test/client/payload-guards.test.ts runs both over
// generated payloads and requires them to accept and reject exactly alike.

// The lists and the key pattern are the ones the schemas are built from (zod-free modules of shared).
const isReasonKind = (value: unknown) => (REASON_KINDS as readonly unknown[]).includes(value);
const isErrorCode = (value: unknown) => (ERROR_CODES as readonly unknown[]).includes(value);

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
  isReasonKind(value.kind) &&
  optional(value.ruleId, isString) &&
  optional(value.ruleIndex, isCount) &&
  optional(value.prerequisiteKey, isString) &&
  optional(value.errorCode, isErrorCode) &&
  optional(value.inRollout, (flag) => flag === true);

const isEvaluationResult = (value: unknown): value is EvaluatedFlags[string] =>
  isObject(value) &&
  hasOnly(value, ['value', 'variant', 'reason']) &&
  isJson(value.value) &&
  (value.variant === null || isString(value.variant)) &&
  isReason(value.reason);

/** A store epoch as `epochSchema` takes it: 1 to 100 characters. */
const isEpoch = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= 100;

/** An `evaluateResponseSchema` payload (evaluate response, stream `put` and `patch`), or undefined. */
export function parseEvaluateResponse(data: unknown): EvaluateResponse | undefined {
  if (!isObject(data) || !hasOnly(data, ['epoch', 'revision', 'flags'])) return undefined;
  if (!optional(data.revision, isCount) || !isPlainObject(data.flags)) return undefined;
  if (!optional(data.epoch, isEpoch)) return undefined;
  const flags: EvaluatedFlags = {};
  for (const [key, result] of recordEntries(data.flags)) {
    if (!isEvaluationResult(result)) return undefined;
    dropProtoKeys(result.value);
    flags[key] = result;
  }
  return {
    ...(data.epoch === undefined ? {} : { epoch: data.epoch as string }),
    ...(data.revision === undefined ? {} : { revision: data.revision as number }),
    flags,
  };
}

/** A `clientStreamDeleteSchema` payload (stream `delete`): the keys of flags that no longer exist. */
export function parseStreamDelete(data: unknown): { keys: string[] } | undefined {
  if (!isObject(data) || !hasOnly(data, ['keys']) || !Array.isArray(data.keys)) return undefined;
  const keys: string[] = [];
  for (let i = 0; i < data.keys.length; i++) {
    const key = data.keys[i];
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) return undefined;
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
