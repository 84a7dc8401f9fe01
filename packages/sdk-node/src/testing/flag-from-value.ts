import { type Flag, flagSchema } from '@switchyard/shared';

/** A complete flag document, with or without the server-assigned `version`. */
export type FlagDocument = Omit<Flag, 'key' | 'version'> & { key?: string; version?: number };

/** A flag document, or a plain JSON value to serve to everyone. */
export type FlagOrValue = FlagDocument | boolean | string | number | null | readonly unknown[] | object;

/**
 * Reads `value` as a flag document when it is an object with `variants` and `fallthrough`, and
 * otherwise as a value served to everyone: a boolean becomes a boolean flag that is on or off,
 * anything else a flag of its type with one variant named `value`. The result is checked by the
 * shared flag schema; a TypeError names the first problem.
 */
export function flagFromValue(key: string, value: FlagOrValue, version: number): Flag {
  const parsed = flagSchema.safeParse(draft(key, value, version));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TypeError(
      `flag "${key}" is invalid at ${issue?.path.map(String).join('.')}: ${issue?.message}`,
    );
  }
  return parsed.data;
}

function draft(key: string, value: FlagOrValue, version: number): unknown {
  if (isFlagDocument(value)) return { ...value, key, version };
  if (typeof value === 'boolean') {
    return {
      key,
      type: 'boolean',
      variants: { on: true, off: false },
      enabled: true,
      offVariant: 'off',
      fallthrough: { variant: value ? 'on' : 'off' },
      version,
    };
  }
  return {
    key,
    type: typeof value === 'string' ? 'string' : typeof value === 'number' ? 'number' : 'json',
    variants: { value },
    enabled: true,
    offVariant: 'value',
    fallthrough: { variant: 'value' },
    version,
  };
}

function isFlagDocument(value: unknown): value is FlagDocument {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    'variants' in value &&
    'fallthrough' in value
  );
}
