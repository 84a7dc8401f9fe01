import type { Flag } from '@switchyard/shared';

/**
 * "The percentage" of a boolean flag (DESIGN section 2): its fallthrough's `on` weight / 1000, or
 * 0/100 for a fixed variant; null for other flag types, which have no single percentage.
 */
export function percentageOf(flag: Pick<Flag, 'type' | 'fallthrough'>): number | null {
  if (flag.type !== 'boolean') return null;
  const serve = flag.fallthrough;
  if ('variant' in serve) return serve.variant === 'on' ? 100 : 0;
  return (serve.rollout.variants.find((v) => v.variant === 'on')?.weight ?? 0) / 1000;
}

/** `25%`, `2.5%`, or `-` when there is no percentage. */
export function formatPercentage(percentage: number | null): string {
  return percentage === null ? '-' : `${percentage}%`;
}
