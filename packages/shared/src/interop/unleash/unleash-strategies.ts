import type { Clause } from '../../schema/clause.js';
import type { Rollout, Serve } from '../../schema/flag.js';
import { Untranslatable } from '../untranslatable.js';
import { scaleWeights } from '../weights.js';
import type { UnleashServe } from './unleash-bucketing.js';
import { constraintClause, type Warn } from './unleash-constraints.js';
import type { UnleashStrategy, UnleashVariant } from './unleash-export.js';
import type { VariantSpace } from './unleash-variants.js';

/** One Unleash strategy as a Switchyard rule: its clauses and what it serves. */
export interface StrategyPlan {
  construct: string;
  id: string;
  clauses: Clause[];
  serve: Serve;
  /** Whether every user it matches gets an "on" variant (no share falls back to off). */
  total: boolean;
  /** The variants its users are split over (names and weights), to tell whether two strategies serve alike. */
  split: string;
  /** What Unleash serves, to measure how many users a rollout moves; absent for fixed serves. */
  unleash?: UnleashServe;
  salt?: string;
}

const PERCENT_STRATEGIES: Record<string, { percent: string; stickiness?: string }> = {
  flexibleRollout: { percent: 'rollout' },
  gradualRolloutUserId: { percent: 'percentage', stickiness: 'userId' },
  gradualRolloutSessionId: { percent: 'percentage', stickiness: 'sessionId' },
};

/** Unleash's `default` stickiness is userId, then sessionId, then a random number. */
function bucketAttribute(stickiness: string, warn: Warn, construct: string): string {
  if (stickiness === 'random')
    throw new Untranslatable(
      `${construct} stickiness`,
      'random stickiness gives each evaluation a new bucket; Switchyard keeps every user in one',
    );
  if (stickiness === 'default') {
    warn(
      'stickiness',
      'Unleash buckets a user without userId by sessionId (or at random); Switchyard serves them the off variant',
    );
    return 'userId';
  }
  return stickiness;
}

interface StrategyInput {
  flag: string;
  strategy: UnleashStrategy;
  index: number;
  /** Clauses of the strategy's segments (inSegment), already translated. */
  segmentClauses: Clause[];
  featureVariants: readonly UnleashVariant[];
  space: VariantSpace;
  warn: Warn;
}

/** A strategy as a plan, or null when it can never enable the flag (a 0% rollout). */
export function planStrategy(input: StrategyInput): StrategyPlan | null {
  const { strategy, warn, space } = input;
  const parameters = strategy.parameters ?? {};
  const clauses = (strategy.constraints ?? []).map((c) => constraintClause(c, warn));
  clauses.push(...input.segmentClauses);
  let percentage = 100;
  let stickiness = parameters.stickiness ?? 'default';
  const percent = PERCENT_STRATEGIES[strategy.name];
  if (strategy.name === 'userWithId') {
    const ids = (parameters.userIds ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== '');
    clauses.push({ attribute: 'userId', op: 'in', values: ids });
  } else if (percent !== undefined) {
    percentage = Number(parameters[percent.percent] ?? 0);
    if (!Number.isFinite(percentage) || percentage < 0 || percentage > 100)
      throw new Untranslatable(strategy.name, `rollout "${parameters[percent.percent]}" is not a percentage`);
    stickiness = percent.stickiness ?? stickiness;
  } else if (strategy.name !== 'default') {
    throw new Untranslatable(
      strategy.name,
      `the ${strategy.name} strategy has no Switchyard equivalent (translated: default, flexibleRollout, userWithId, gradualRolloutUserId/SessionId)`,
    );
  }
  if (percentage === 0) return null;
  const construct = percentage < 100 ? `${strategy.name} ${percentage}%` : strategy.name;
  // Unleash hashes with the flag's name when the groupId is empty or missing.
  const groupId = parameters.groupId || input.flag;
  const ownVariants = (strategy.variants ?? []).length > 0;
  const variants = ownVariants ? (strategy.variants ?? []) : input.featureVariants;
  const weighted = variants.filter((v) => v.weight > 0);
  const base = {
    construct,
    id: strategy.id ?? `${strategy.name}-${input.index}`,
    clauses,
    total: percentage === 100,
    split: JSON.stringify(weighted.map((v) => [v.name, v.weight])),
  };
  if (weighted.length === 0 && percentage === 100)
    return { ...base, serve: { variant: space.enabledVariant } };
  if (weighted.length === 1 && percentage === 100)
    return { ...base, serve: { variant: (weighted[0] as UnleashVariant).name } };

  const variantStickiness = variants[0]?.stickiness ?? (ownVariants ? stickiness : 'default');
  if (variants.length > 0 && variantStickiness === 'random')
    warn(
      'variants',
      'Unleash picks a variant at random on every evaluation; Switchyard keeps each user on one',
    );
  // A rollout buckets by the strategy's stickiness; a 100% split over variants by the variants'.
  const unit = percentage < 100 || variantStickiness === 'random' ? stickiness : variantStickiness;
  if (
    percentage < 100 &&
    variants.length > 0 &&
    variantStickiness !== stickiness &&
    variantStickiness !== 'random'
  )
    warn(
      'variants',
      `the rollout sticks to ${stickiness} and the variants to ${variantStickiness}: Switchyard buckets both by ${stickiness}`,
    );
  const bucketBy = bucketAttribute(unit, warn, strategy.name);
  const total = weighted.reduce((sum, v) => sum + v.weight, 0);
  const entries =
    weighted.length === 0
      ? [
          { variant: space.enabledVariant, weight: percentage },
          { variant: space.offVariant, weight: 100 - percentage },
        ]
      : [
          ...weighted.map((v) => ({ variant: v.name, weight: v.weight * percentage })),
          { variant: space.offVariant, weight: total * (100 - percentage) },
        ];
  const { variants: scaled } = scaleWeights(entries.filter((e) => e.weight > 0));
  const rollout: Rollout = { ...(bucketBy === 'userId' ? {} : { bucketBy }), variants: scaled };
  return {
    ...base,
    serve: { rollout },
    salt: `${groupId}:`,
    unleash: {
      percentage,
      groupId,
      enabledVariant: space.enabledVariant,
      outVariant: space.offVariant,
      variants: weighted.map((v) => ({ name: v.name, weight: v.weight })),
      variantGroupId: ownVariants ? String(parameters.groupId) : input.flag,
    },
  };
}

/**
 * Plans as ordered rules. Unleash enables a flag when any strategy does; Switchyard stops at the first
 * rule that matches. Strategies that serve everyone they match go first, in their order; one rollout
 * strategy may follow. Two rollouts cannot be ordered so that a user outside the first still reaches
 * the second, so that flag is a problem.
 */
export function orderPlans(plans: readonly StrategyPlan[]): StrategyPlan[] {
  const partial = plans.filter((p) => !p.total);
  if (partial.length > 1)
    throw new Untranslatable(
      'strategies',
      `${partial.map((p) => p.construct).join(', ')}: a user outside one rollout may be inside the next in Unleash; Switchyard serves one rollout per matching rule`,
    );
  const rollout = partial[0];
  if (rollout !== undefined) {
    // Moving the rollout after a strategy that splits users over other variants would change what
    // Unleash serves the users inside the rollout.
    const overtaken = plans.slice(plans.indexOf(rollout) + 1).filter((p) => p.split !== rollout.split);
    if (overtaken.length > 0)
      throw new Untranslatable(
        'strategies',
        `${rollout.construct} comes before ${overtaken.map((p) => p.construct).join(', ')} with other variants: Switchyard can only serve the rollout last`,
      );
  }
  return [...plans.filter((p) => p.total), ...partial];
}
