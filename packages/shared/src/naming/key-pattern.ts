/**
 * Flag and segment keys: letters, digits, `.`, `_` and `-`, starting with a letter or digit. Without
 * zod, so that the browser SDK checks keys with the same pattern the schemas use.
 */
export const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Variant names: letters, digits, `.`, `_` and `-`, starting with a letter or digit, at most 64. */
export const VARIANT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
