import { addVariantMetrics, type FlagVariantMetrics } from '@switchyard/shared';
import type { MinuteMetrics } from './types.js';

export function emptyVariantMetrics(flag: string, variant: string | null): FlagVariantMetrics {
  return { flag, variant, evaluations: 0, exposures: 0, errors: 0 };
}

/** Sums a batch per flag variant, so a batch that names one pair twice counts both. */
export function sumByVariant(metrics: FlagVariantMetrics[]): FlagVariantMetrics[] {
  const sums = new Map<string, FlagVariantMetrics>();
  for (const m of metrics) {
    const id = `${m.flag}|${m.variant ?? ''}`;
    let sum = sums.get(id);
    if (sum === undefined) {
      sum = emptyVariantMetrics(m.flag, m.variant);
      sums.set(id, sum);
    }
    addVariantMetrics(sum, m);
  }
  return [...sums.values()];
}

/** Oldest minute first; within a minute the default-value row (variant null) first, then by name. */
export function compareMinuteMetrics(a: MinuteMetrics, b: MinuteMetrics): number {
  if (a.minute !== b.minute) return a.minute - b.minute;
  if (a.variant === b.variant) return 0;
  if (a.variant === null) return -1;
  if (b.variant === null) return 1;
  return a.variant < b.variant ? -1 : 1;
}
