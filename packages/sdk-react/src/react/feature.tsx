import type { ReactElement, ReactNode } from 'react';
import { useFlag } from './use-flag-detail.js';

export interface FeatureProps {
  /** Key of a boolean flag. */
  flag: string;
  /** Rendered while the flag is on. */
  children?: ReactNode;
  /** Rendered while it is off, unknown or not yet loaded (default: nothing). */
  fallback?: ReactNode;
}

/** Renders `children` when the boolean `flag` is on, otherwise `fallback`. */
export function Feature({ flag, children, fallback = null }: FeatureProps): ReactElement {
  return <>{useFlag(flag) ? children : fallback}</>;
}
