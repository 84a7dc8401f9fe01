import { positionAfter, type RulesetPosition, rulesetAdvances } from '@switchyard/shared';

/**
 * Where the values in hand stand (store epoch and revision), and the one rule of the shared package
 * that decides whether a payload may replace them: within an epoch, never an older revision. So a
 * server whose store came back empty cannot take every flag away from a page.
 */
export interface PositionGate {
  /** True, and moves forward, when a payload at `position` may be applied; false: ignore it. */
  admit(position: RulesetPosition): boolean;
}

export function createPositionGate(): PositionGate {
  let held: RulesetPosition | null = null;
  return {
    admit(position) {
      if (!rulesetAdvances(held, position)) return false;
      held = positionAfter(held, position);
      return true;
    },
  };
}
