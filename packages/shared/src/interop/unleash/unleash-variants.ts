import type { FlagInput, FlagType } from '../../schema/flag.js';
import { variantNameSchema } from '../../schema/keys.js';
import { Untranslatable } from '../untranslatable.js';
import type { Warn } from './unleash-constraints.js';
import type { UnleashVariant } from './unleash-export.js';

/** The variant Unleash's `getVariant` answers for a user the flag is off for. */
export const DISABLED_VARIANT = 'disabled';

/** A flag's variants: a boolean flag's on/off, or Unleash's variants plus `disabled`. */
export interface VariantSpace {
  type: FlagType;
  variants: FlagInput['variants'];
  /** Served when a strategy enables the flag and it has no variants. */
  enabledVariant: string;
  offVariant: string;
}

function payloadValue(v: UnleashVariant, type: string): unknown {
  if (v.payload === undefined) return v.name;
  if (type === 'number') return Number(v.payload.value);
  if (type === 'json') {
    try {
      return JSON.parse(v.payload.value);
    } catch {
      throw new Untranslatable('variants.payload', `variant "${v.name}": the JSON payload does not parse`);
    }
  }
  return v.payload.value;
}

/**
 * The variants of a flag with Unleash variants (the flag's and its strategies'), typed by their
 * payloads: names when none has one, strings, numbers, or JSON. `disabled` is the off variant.
 */
export function variantSpace(definitions: readonly UnleashVariant[], warn: Warn): VariantSpace {
  if (definitions.length === 0)
    return { type: 'boolean', variants: { on: true, off: false }, enabledVariant: 'on', offVariant: 'off' };
  if (definitions.some((v) => (v.overrides ?? []).length > 0))
    throw new Untranslatable(
      'variants.overrides',
      'variant overrides serve a variant only to users a strategy enabled; Switchyard has no such rule: add them as rules after the import',
    );
  const kinds = new Set(definitions.map((v) => v.payload?.type ?? 'none'));
  const kind = kinds.size === 1 ? [...kinds][0] : 'json';
  const type: FlagType = kind === 'number' ? 'number' : kind === 'json' ? 'json' : 'string';
  const variants: Record<string, unknown> = {};
  for (const v of definitions) {
    if (!variantNameSchema.safeParse(v.name).success)
      throw new Untranslatable(
        'variants',
        `"${v.name}" is not a Switchyard variant name (letters, digits, ".", "_", "-")`,
      );
    if (v.name === DISABLED_VARIANT)
      throw new Untranslatable(
        'variants',
        `a variant named "${DISABLED_VARIANT}" would clash with Unleash's off variant`,
      );
    const value = payloadValue(v, kind === 'none' ? 'string' : (v.payload?.type ?? 'string'));
    if (type === 'number' && !Number.isFinite(value))
      throw new Untranslatable(
        'variants.payload',
        `variant "${v.name}": "${v.payload?.value}" is not a number`,
      );
    if (Object.hasOwn(variants, v.name) && JSON.stringify(variants[v.name]) !== JSON.stringify(value))
      throw new Untranslatable('variants', `variant "${v.name}" has two different payloads`);
    variants[v.name] = value;
  }
  const offValue = type === 'number' ? 0 : type === 'json' ? null : DISABLED_VARIANT;
  if (type === 'number')
    warn(
      'variants',
      `users the flag is off for get 0 where Unleash's "${DISABLED_VARIANT}" variant has no payload`,
    );
  variants[DISABLED_VARIANT] = offValue;
  const first = definitions[0]?.name ?? DISABLED_VARIANT;
  return {
    type,
    variants: variants as FlagInput['variants'],
    enabledVariant: first,
    offVariant: DISABLED_VARIANT,
  };
}
