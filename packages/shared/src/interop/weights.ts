import type { Rollout } from '../schema/flag.js';

/**
 * Relative weights (flagd's `fractional`, Unleash's variant weights) as a rollout's thousandths of a
 * percent. Cumulative boundaries are scaled to 100000, so rounding moves at most one bucket per
 * boundary; `exact` says whether none had to be rounded. The total must be above 0.
 */
export function scaleWeights(entries: readonly { variant: string; weight: number }[]): {
  variants: Rollout['variants'];
  exact: boolean;
} {
  const total = entries.reduce((sum, e) => sum + e.weight, 0);
  let cumulative = 0;
  let previous = 0;
  let exact = true;
  const variants = entries.map(({ variant, weight }) => {
    cumulative += weight;
    if ((cumulative * 100_000) % total !== 0) exact = false;
    const boundary = Math.round((cumulative * 100_000) / total);
    const scaled = boundary - previous;
    previous = boundary;
    return { variant, weight: scaled };
  });
  return { variants, exact };
}
