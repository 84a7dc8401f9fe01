import type { FlagType } from '@switchyard/shared';

/**
 * Whether a caller's default agrees with the flag's type. A default of `undefined` or `null` asks
 * for no check, and a `json` flag may hold any JSON value, so both always fit.
 */
export function fitsType(type: FlagType | null, defaultValue: unknown): boolean {
  if (type === null || type === 'json' || defaultValue === undefined || defaultValue === null) return true;
  return typeof defaultValue === type;
}
