import { isPercentage, keySchema } from '@switchyard/shared';
import { usageError } from '../errors.js';
import type { OptionValues } from './command.js';

const DECIMAL = /^(\d+(\.\d*)?|\.\d+)$/;

/**
 * A percentage as the server accepts it: 0 to 100 with at most 3 decimals (weights are thousandths
 * of a percent). Checked here so a typo never reaches the server. A trailing `%` is allowed.
 */
export function parsePercentage(text: string): number {
  const trimmed = text.trim().replace(/%$/, '');
  if (!DECIMAL.test(trimmed)) {
    throw usageError(`percentage must be a number from 0 to 100, such as 25 or 2.5; got "${text}"`);
  }
  const value = Number(trimmed);
  if (value > 100) throw usageError(`percentage must be between 0 and 100; got ${trimmed}`);
  // In range by now, so all that isPercentage can still refuse is a fourth decimal.
  if (!isPercentage(value)) throw usageError(`percentage may have at most 3 decimals; got ${trimmed}`);
  return Math.round(value * 1000) / 1000;
}

/** A whole number of at least `min`, for versions and limits. */
export function parseWholeNumber(text: string, what: string, min: number): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < min || !Number.isSafeInteger(Number(text))) {
    throw usageError(`${what} must be a whole number of at least ${min}; got "${text}"`);
  }
  return Number(text);
}

/** A flag or environment key, checked with the shared key pattern. */
export function parseKey(text: string, what: string): string {
  const result = keySchema.safeParse(text);
  if (!result.success)
    throw usageError(`${what} "${text}" ${result.error.issues[0]?.message ?? 'is not valid'}`);
  return result.data;
}

export function stringOption(options: OptionValues, name: string): string | undefined {
  const value = options[name];
  return typeof value === 'string' ? value : undefined;
}

/** `--if-version n`, shared by every command that changes a flag. */
export const IF_VERSION_OPTION = {
  'if-version': {
    type: 'string',
    value: 'n',
    description: 'change the flag only if it is still at version n (sent as If-Match); 409 otherwise',
  },
} as const;

export function ifVersionOf(options: OptionValues): number | undefined {
  const text = stringOption(options, 'if-version');
  return text === undefined ? undefined : parseWholeNumber(text, '--if-version', 0);
}
