/** The flag every SDK evaluates, configured the same way in each SDK's own format. */
export const FLAG_KEY = 'new-checkout';

/** Share of users the rollout turns on: 5%, i.e. weight 5000 of 100000. */
export const ROLLOUT_PERCENT = 5;

/** The country every benchmark user is in; no rule below lists it. */
export const USER_COUNTRY = 'US';

/**
 * Scenario (b) puts ten `in` rules on `country` in front of the rollout, three countries each, as a flag
 * that was first launched market by market would have. None of them matches a benchmark user, so every
 * evaluation walks all ten rules before it reaches the rollout.
 */
export const RULE_COUNTRIES: readonly (readonly string[])[] = [
  ['DE', 'AT', 'CH'],
  ['FR', 'BE', 'LU'],
  ['NL', 'DK', 'NO'],
  ['SE', 'FI', 'IS'],
  ['ES', 'PT', 'AD'],
  ['IT', 'MT', 'SM'],
  ['PL', 'CZ', 'SK'],
  ['JP', 'KR', 'TW'],
  ['BR', 'AR', 'CL'],
  ['AU', 'NZ', 'SG'],
];

export interface Scenario {
  readonly id: 'a' | 'b';
  readonly title: string;
  /** Ten non-matching country rules before the rollout (scenario b), or none (scenario a). */
  readonly withRules: boolean;
}

export const SCENARIOS: readonly Scenario[] = [
  { id: 'a', title: '5% rollout', withRules: false },
  { id: 'b', title: '10 non-matching country rules, then the 5% rollout', withRules: true },
];

/** `count` distinct user ids shaped like the ones in the docs (`user-0` … `user-999999`). */
export function userIds(count: number, prefix = 'user-'): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i}`);
}
