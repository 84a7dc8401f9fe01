import { type Flag, type FlagInput, percentageOf } from '@switchyard/shared';
import { same } from './flag-diff.js';
import { formatPercent } from './flag-facts.js';

type FlagLike = Flag | FlagInput;

/** The share of users the percentage rollout gives `on` right now: none while the flag is off. */
function servedOn(flag: FlagLike): number | null {
  const percentage = percentageOf(flag);
  if (percentage === null) return null;
  return flag.enabled ? percentage : 0;
}

/**
 * How many users a change moves, in words a product manager can weigh before applying it: "about 4%
 * of users lose the feature". Counted on the percentage rollout (everyone no target or rule catches);
 * users that targets or rules catch are named, not counted, because the console cannot know them.
 */
export function usersMoved(before: FlagLike, after: FlagLike): string {
  const parts: string[] = [];
  const was = servedOn(before);
  const now = servedOn(after);
  if (was !== null && now !== null) {
    const delta = Number((now - was).toFixed(3));
    if (delta > 0) parts.push(`about ${formatPercent(delta)} of users get the feature`);
    else if (delta < 0) parts.push(`about ${formatPercent(-delta)} of users lose the feature`);
    else parts.push('no user moves in the percentage rollout');
  } else if (before.enabled !== after.enabled) {
    parts.push(
      after.enabled
        ? `everyone gets the targets, rules and default again instead of "${before.offVariant}"`
        : `every user gets "${after.offVariant}"`,
    );
  } else if (!same(before.fallthrough, after.fallthrough)) {
    parts.push('users in the default split may get another variant');
  } else {
    parts.push('no user moves in the default');
  }
  if (!same(before.targets ?? [], after.targets ?? [])) parts.push('the users named in targets');
  if (!same(before.rules ?? [], after.rules ?? [])) parts.push('users the changed rules match');
  const [first, ...rest] = parts;
  const sentence = rest.length === 0 ? first : `${first}, plus ${rest.join(' and ')}`;
  return `${(sentence ?? '').charAt(0).toUpperCase()}${(sentence ?? '').slice(1)}.`;
}
