import { type PreparedPrefix, preparePrefix } from '../hashing/murmur3.js';
import type { Flag, FlagType, Serve } from '../schema/flag.js';
import type { Segment } from '../schema/segment.js';
import {
  allMatch,
  type CompiledClause,
  type ContextLike,
  compileClauseList,
  type SegmentRef,
  type SegmentRefs,
} from './clauses.js';
import { planRuleSteps, type RuleStep } from './rule-steps.js';

/** What a rule or the fallthrough serves, prepared for evaluation. */
export interface CompiledServe {
  /** Variant index served to everyone, or -1 for a rollout. */
  readonly fixed: number;
  readonly bucketBy: string;
  /** Cumulative weights: the first index whose threshold is greater than the bucket is served. */
  readonly thresholds: readonly number[];
  readonly indices: readonly number[];
}

export interface CompiledRule {
  readonly id: string | undefined;
  /** All must match, in the order to test them (see compileClauseList). */
  readonly clauses: readonly CompiledClause[];
  readonly serve: CompiledServe;
}

/** A flag prepared once per change: sets, regexes, parsed operands and the salt's hash state. */
export interface CompiledFlag {
  readonly flag: Flag;
  readonly key: string;
  readonly type: FlagType;
  readonly enabled: boolean;
  readonly variantNames: readonly string[];
  readonly values: readonly unknown[];
  readonly offIndex: number;
  readonly prerequisites: readonly { flag: string; variant: string }[] | null;
  /** userId → variant index, or null when the flag targets nobody. */
  readonly targets: ReadonlyMap<string, number> | null;
  readonly rules: readonly CompiledRule[];
  /** How to walk `rules` (see rule-steps.ts). */
  readonly ruleSteps: readonly RuleStep[];
  readonly fallthrough: CompiledServe;
  /** The salt, hashed once (see bucketAfter). */
  readonly salt: PreparedPrefix;
}

function compileServe(serve: Serve, indexOf: ReadonlyMap<string, number>): CompiledServe {
  if ('variant' in serve) {
    // Stryker disable next-line StringLiteral,ArrayDeclaration: a fixed serve never reads its bucketing fields
    return { fixed: indexOf.get(serve.variant) ?? -1, bucketBy: 'userId', thresholds: [], indices: [] };
  }
  let cumulative = 0;
  const thresholds: number[] = [];
  const indices: number[] = [];
  for (const v of serve.rollout.variants) {
    cumulative += v.weight;
    thresholds.push(cumulative);
    indices.push(indexOf.get(v.variant) ?? -1);
  }
  return { fixed: -1, bucketBy: serve.rollout.bucketBy ?? 'userId', thresholds, indices };
}

/**
 * Prepares one flag, its `inSegment` clauses bound to `segments`. The flag must have passed
 * `flagSchema`; nothing here validates it again.
 */
export function compileFlag(flag: Flag, segments: SegmentRefs): CompiledFlag {
  const variantNames = Object.keys(flag.variants);
  const indexOf = new Map(variantNames.map((name, i) => [name, i]));
  let targets: Map<string, number> | null = null;
  for (const target of flag.targets ?? []) {
    const index = indexOf.get(target.variant) ?? -1;
    for (const userId of target.values) {
      targets ??= new Map();
      if (!targets.has(userId)) targets.set(userId, index);
    }
  }
  const rules = (flag.rules ?? []).map((rule) => ({
    id: rule.id,
    clauses: compileClauseList(rule.clauses, segments),
    serve: compileServe(rule.serve, indexOf),
  }));
  return {
    flag,
    key: flag.key,
    type: flag.type,
    enabled: flag.enabled,
    variantNames,
    values: variantNames.map((name) => flag.variants[name]),
    offIndex: indexOf.get(flag.offVariant) ?? -1,
    prerequisites: flag.prerequisites?.length ? flag.prerequisites : null,
    targets,
    rules,
    ruleSteps: planRuleSteps(
      flag.rules ?? [],
      rules.map((rule) => rule.clauses),
    ),
    fallthrough: compileServe(flag.fallthrough, indexOf),
    salt: preparePrefix(flag.salt ?? flag.key),
  };
}

/** Segment rules do not refer to other segments: an `inSegment` clause in one finds no segment. */
// Stryker disable next-line ObjectLiteral: a reference without the field reads as one without a segment
const NO_SEGMENT: SegmentRef = Object.freeze({ segment: null });
const NO_SEGMENTS: SegmentRefs = () => NO_SEGMENT;

/** One segment, prepared: `excluded` beats `included`, which beats the rules. */
class CompiledSegment {
  private readonly included: ReadonlySet<string>;
  /** Null when the segment excludes nobody, as most do. */
  private readonly excluded: ReadonlySet<string> | null;
  private readonly rules: readonly (readonly CompiledClause[])[];

  constructor(segment: Segment) {
    this.included = new Set(segment.included);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: an empty set excludes nobody either, only slower
    this.excluded = segment.excluded.length > 0 ? new Set(segment.excluded) : null;
    this.rules = segment.rules.map((rule) => compileClauseList(rule.clauses, NO_SEGMENTS));
  }

  contains(context: ContextLike): boolean {
    // The sets hold strings only, which no other user id equals.
    const userId = context.userId as string;
    if (this.excluded?.has(userId)) return false;
    if (this.included.has(userId)) return true;
    const rules = this.rules;
    for (let i = 0; i < rules.length; i++) if (allMatch(rules[i] as CompiledClause[], context)) return true;
    return false;
  }
}

export type { CompiledSegment };

export function compileSegment(segment: Segment): CompiledSegment {
  return new CompiledSegment(segment);
}
