import { z } from 'zod';
import type { Flag, FlagInput, Rollout } from '../schema/flag.js';
import { TOTAL_WEIGHT } from '../schema/flag.js';

/** True for 0–100 with at most 3 decimals: what a rollout's weights (thousandths of a percent) can hold. */
export function isPercentage(value: number): boolean {
  return (
    Number.isFinite(value) &&
    value >= 0 &&
    value <= 100 &&
    Math.abs(value * 1000 - Math.round(value * 1000)) < 1e-6
  );
}

/** A percentage as people type it into the admin API, the console and the CLI. */
export const percentageSchema = z
  .number()
  .min(0)
  .max(100)
  .refine((p) => Math.abs(p * 1000 - Math.round(p * 1000)) < 1e-6, 'at most 3 decimals');

/**
 * "The percentage" of a boolean flag (DESIGN section 2): its fallthrough's `on` weight / 1000, or
 * 0/100 for a fixed variant; null for other types, which have no single percentage.
 */
export function percentageOf(flag: Pick<Flag, 'type' | 'fallthrough'>): number | null {
  if (flag.type !== 'boolean') return null;
  const serve = flag.fallthrough;
  if ('variant' in serve) return serve.variant === 'on' ? 100 : 0;
  return (serve.rollout.variants.find((v) => v.variant === 'on')?.weight ?? 0) / 1000;
}

/**
 * Sets the `on` weight of a boolean flag's fallthrough rollout to `percentage` and the rest to `off`,
 * keeping the variants' order so that every user who was in stays in. A fixed fallthrough becomes a
 * rollout (`on` first).
 */
export function rampFallthrough<F extends Pick<Flag, 'fallthrough'>>(
  flag: F,
  percentage: number,
): F & { fallthrough: { rollout: Rollout } } {
  const on = Math.round(percentage * 1000);
  const weights: Record<string, number> = { on, off: TOTAL_WEIGHT - on };
  const current = 'rollout' in flag.fallthrough ? flag.fallthrough.rollout : undefined;
  const variants =
    current?.variants.map((v) => ({ variant: v.variant, weight: weights[v.variant] ?? 0 })) ?? [];
  for (const name of ['on', 'off']) {
    if (!variants.some((v) => v.variant === name))
      variants.push({ variant: name, weight: weights[name] ?? 0 });
  }
  const rollout: Rollout = current?.bucketBy ? { bucketBy: current.bucketBy, variants } : { variants };
  return { ...flag, fallthrough: { rollout } };
}

/** The fields that make a flag boolean, enabled and served to some percentage of users. */
export type BooleanFlagFields = Pick<FlagInput, 'variants' | 'enabled' | 'offVariant'> & {
  type: 'boolean';
  fallthrough: { rollout: Rollout };
};

/**
 * A boolean flag served to `percentage` percent of users (`on` first, then `off`), as the seed, the
 * console's "new flag" and the tests create one; spread a key and any other fields over it.
 */
export function booleanFlagAt(percentage: number): BooleanFlagFields {
  const fixed = {
    variants: { on: true, off: false },
    enabled: true,
    offVariant: 'off',
    fallthrough: { variant: 'off' },
  };
  const { fallthrough, ...rest } = rampFallthrough(fixed, percentage);
  return { type: 'boolean', ...rest, fallthrough };
}
