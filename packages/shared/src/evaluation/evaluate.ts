import type { EvaluatedFlags } from '../protocol/sdk.js';
import type { ErrorCode, EvaluationResult, Reason, ReasonKind } from '../schema/evaluation.js';
import type { Flag } from '../schema/flag.js';
import type { Segment } from '../schema/segment.js';
import { bucketAfter, unitOf } from './bucketing.js';
import { allMatch, type ContextLike, type SegmentRef } from './clauses.js';
import {
  type CompiledFlag,
  type CompiledRule,
  type CompiledServe,
  compileFlag,
  compileSegment,
} from './compile.js';
import type { ContextOrUserId, Evaluator, RulesetLike } from './evaluator.js';
import { longestChain, MAX_PREREQUISITE_DEPTH } from './prerequisite-chains.js';
import { ERROR_CODES, REASON_KINDS } from './reason-lists.js';
import { lookupRule, type RuleStep } from './rule-steps.js';

export type { ContextOrUserId, Evaluator, RulesetLike } from './evaluator.js';

const NOT_FOUND = -2;
/** A prerequisite's remembered result when it was malformed (a cycle or too deep a chain). */
const MALFORMED = -3;
/** Variant slots in an outcome number: flags have far fewer variants than this. */
const OUTCOME_VARIANTS = 65_536;

/**
 * The evaluation order of DESIGN section 5. `decide` returns the served variant index and leaves the
 * reason in the fields below, so that the hot path builds no objects; `evaluate` turns them into a
 * result only when the caller asks for one.
 */
class RulesetEvaluator implements Evaluator {
  private flags = new Map<string, CompiledFlag>();
  /** Segment key → reference, kept once made (compiled clauses hold it) until the next `replace`. */
  private segments = new Map<string, SegmentRef>();
  private readonly segmentRef = (key: string): SegmentRef => {
    // Stryker disable next-line ObjectLiteral: a reference without the field reads as one without a segment
    const ref = this.segments.get(key) ?? { segment: null };
    this.segments.set(key, ref);
    return ref;
  };
  /** Reused for `isEnabled(key, userId)` so that a string id costs no allocation. */
  // Stryker disable next-line ObjectLiteral,StringLiteral: toContext sets userId before every use
  private readonly idContext: { userId: string } = { userId: '' };
  private readonly emptyContext: ContextLike = Object.freeze({});

  // Stryker disable StringLiteral,UnaryOperator,BooleanLiteral: decide() sets each field before it is read
  private kind: ReasonKind = 'FALLTHROUGH';
  private ruleIndex = -1;
  private ruleId: string | undefined;
  private prerequisiteKey = '';
  private prerequisiteIndex = 0;
  private errorCode: ErrorCode | null = null;
  private inRollout = false;
  // Stryker restore StringLiteral,UnaryOperator,BooleanLiteral
  /** Prerequisites decided in this evaluation: each flag is decided once, so the cost is linear. */
  private readonly prerequisiteResults = new Map<CompiledFlag, number>();
  /** In `sameContext` they are kept from flag to flag, unless malformed (that depends on the chain's start). */
  private sharing = false;
  private malformedKept = false;
  private deepChains: boolean | undefined;

  constructor(ruleset: RulesetLike) {
    this.replace(ruleset);
  }

  replace(ruleset: RulesetLike): void {
    // Every flag is compiled again below, so the references start afresh.
    this.segments = new Map();
    for (const segment of Object.values(ruleset.segments)) this.setSegment(segment);
    const flags = new Map<string, CompiledFlag>();
    for (const flag of Object.values(ruleset.flags)) flags.set(flag.key, compileFlag(flag, this.segmentRef));
    this.flags = flags;
    this.deepChains = undefined;
  }

  setFlag(flag: Flag): void {
    this.flags.set(flag.key, compileFlag(flag, this.segmentRef));
    this.deepChains = undefined;
  }

  deleteFlag(key: string): void {
    this.flags.delete(key);
    this.deepChains = undefined;
  }

  setSegment(segment: Segment): void {
    this.segmentRef(segment.key).segment = compileSegment(segment);
  }

  deleteSegment(key: string): void {
    const ref = this.segments.get(key);
    if (ref !== undefined) ref.segment = null;
  }

  getFlag(key: string): Flag | undefined {
    return this.flags.get(key)?.flag;
  }

  flagKeys(): string[] {
    return [...this.flags.keys()];
  }

  evaluateAll(context: ContextOrUserId): EvaluatedFlags {
    const all: EvaluatedFlags = {};
    this.sameContext(() => {
      for (const key of this.flags.keys()) all[key] = this.evaluate(key, context, null);
    });
    return all;
  }

  sameContext<T>(evaluations: () => T): T {
    if (this.sharing || this.hasDeepChains()) return evaluations();
    this.prerequisiteResults.clear();
    this.sharing = true;
    try {
      return evaluations();
    } finally {
      this.sharing = false;
      this.prerequisiteResults.clear();
    }
  }

  isEnabled(key: string, context: ContextOrUserId): boolean {
    const flag = this.flags.get(key);
    if (flag === undefined || flag.type !== 'boolean') return false;
    return flag.values[this.decide(flag, this.toContext(context), null)] === true;
  }

  variation<T>(key: string, context: ContextOrUserId, defaultValue: T): T {
    const flag = this.flags.get(key);
    if (flag === undefined) return defaultValue;
    return flag.values[this.decide(flag, this.toContext(context), null)] as T;
  }

  evaluate<T>(key: string, context: ContextOrUserId, defaultValue?: T): EvaluationResult<T> {
    const flag = this.flags.get(key);
    const index = flag === undefined ? NOT_FOUND : this.decide(flag, this.toContext(context), null);
    if (flag === undefined || index < 0) {
      return {
        value: defaultValue as T,
        variant: null,
        reason: { kind: 'ERROR', errorCode: flag === undefined ? 'FLAG_NOT_FOUND' : 'MALFORMED_FLAG' },
      };
    }
    return {
      value: flag.values[index] as T,
      variant: flag.variantNames[index] ?? null,
      reason: this.reason(),
    };
  }

  outcomeOf(key: string, context: ContextOrUserId): number {
    const flag = this.flags.get(key);
    if (flag === undefined) return -1;
    const index = this.decide(flag, this.toContext(context), null);
    const detail =
      this.kind === 'RULE_MATCH'
        ? this.ruleIndex
        : this.kind === 'PREREQUISITE_FAILED'
          ? this.prerequisiteIndex
          : 0;
    // Stryker disable next-line ConditionalExpression: for `false`, indexOf(null) + 1 is 0 as well (`true` shares the line)
    const code = this.errorCode === null ? 0 : ERROR_CODES.indexOf(this.errorCode) + 1;
    const rest = ((detail * 8 + code) * 2 + (this.inRollout ? 1 : 0)) * 8 + REASON_KINDS.indexOf(this.kind);
    return rest * OUTCOME_VARIANTS + (index + 1);
  }

  resultOf<T>(key: string, outcome: number, defaultValue?: T): EvaluationResult<T> {
    const flag = this.flags.get(key);
    if (flag === undefined || outcome < 0) {
      return {
        value: defaultValue as T,
        variant: null,
        reason: { kind: 'ERROR', errorCode: 'FLAG_NOT_FOUND' },
      };
    }
    const index = (outcome % OUTCOME_VARIANTS) - 1;
    let rest = Math.floor(outcome / OUTCOME_VARIANTS);
    const kind = REASON_KINDS[rest % 8] as ReasonKind;
    rest = Math.floor(rest / 8);
    const inRollout = rest % 2 === 1;
    rest = Math.floor(rest / 2);
    const code = rest % 8;
    const detail = Math.floor(rest / 8);
    const reason: Reason = { kind };
    if (kind === 'RULE_MATCH') {
      // An outcome from an older version of the flag may name a rule or prerequisite it no longer has.
      const id = flag.rules[detail]?.id;
      if (id !== undefined) reason.ruleId = id;
      reason.ruleIndex = detail;
    }
    if (kind === 'PREREQUISITE_FAILED') reason.prerequisiteKey = flag.prerequisites?.[detail]?.flag ?? '';
    if (code > 0) reason.errorCode = ERROR_CODES[code - 1] as ErrorCode;
    if (inRollout) reason.inRollout = true;
    if (index < 0)
      return {
        value: defaultValue as T,
        variant: null,
        reason: { kind: 'ERROR', errorCode: 'MALFORMED_FLAG' },
      };
    return { value: flag.values[index] as T, variant: flag.variantNames[index] ?? null, reason };
  }

  /**
   * Whether a chain reaches the depth limit: there, what a shared result says depends on the depth it
   * was decided at, so `sameContext` shares nothing (writes refuse such chains; this is for races).
   */
  private hasDeepChains(): boolean {
    if (this.deepChains === undefined) {
      const next = (key: string) => this.flags.get(key)?.prerequisites?.map((p) => p.flag);
      this.deepChains = false;
      for (const [key, flag] of this.flags)
        if (flag.prerequisites !== null && longestChain(key, next) > MAX_PREREQUISITE_DEPTH)
          this.deepChains = true;
    }
    return this.deepChains;
  }

  private toContext(context: ContextOrUserId): ContextLike {
    if (typeof context === 'string') {
      this.idContext.userId = context;
      return this.idContext;
    }
    // Evaluation never throws into the host app, even for a context that is not an object.
    return typeof context === 'object' && context !== null ? context : this.emptyContext;
  }

  private reason(): Reason {
    const reason: Reason = { kind: this.kind };
    if (this.kind === 'RULE_MATCH') {
      if (this.ruleId !== undefined) reason.ruleId = this.ruleId;
      reason.ruleIndex = this.ruleIndex;
    }
    if (this.kind === 'PREREQUISITE_FAILED') reason.prerequisiteKey = this.prerequisiteKey;
    if (this.errorCode !== null) reason.errorCode = this.errorCode;
    if (this.inRollout) reason.inRollout = true;
    return reason;
  }

  private decide(flag: CompiledFlag, context: ContextLike, chain: string[] | null): number {
    this.errorCode = null;
    this.inRollout = false;
    if (!flag.enabled) {
      this.kind = 'OFF';
      return flag.offIndex;
    }
    const prerequisites = flag.prerequisites;
    if (prerequisites !== null) {
      if (chain === null && this.prerequisiteResults.size > 0 && (!this.sharing || this.malformedKept)) {
        this.prerequisiteResults.clear();
        this.malformedKept = false;
      }
      const failed = this.checkPrerequisites(flag, prerequisites, context, chain ?? [flag.key]);
      if (failed >= 0) return failed;
      // The prerequisites' own evaluations left their reason fields behind.
      this.errorCode = null;
      this.inRollout = false;
    }
    if (flag.targets !== null) {
      // Targets hold strings only, which no other user id equals.
      const target = flag.targets.get(context.userId as string);
      if (target !== undefined) {
        this.kind = 'TARGET_MATCH';
        return target;
      }
    }
    const rules = flag.rules;
    const steps = flag.ruleSteps;
    for (let s = 0; s < steps.length; s++) {
      const step = steps[s] as RuleStep;
      const i =
        step.lookup !== null ? lookupRule(step, context) : allMatch(step.clauses, context) ? step.index : -1;
      if (i >= 0) {
        const rule = rules[i] as CompiledRule;
        this.kind = 'RULE_MATCH';
        this.ruleIndex = i;
        this.ruleId = rule.id;
        return this.serve(flag, rule.serve, context);
      }
    }
    this.kind = 'FALLTHROUGH';
    return this.serve(flag, flag.fallthrough, context);
  }

  /** Returns the off variant index when a prerequisite fails (reason set), or -1 when all pass. */
  private checkPrerequisites(
    flag: CompiledFlag,
    prerequisites: NonNullable<CompiledFlag['prerequisites']>,
    context: ContextLike,
    chain: string[],
  ): number {
    for (let p = 0; p < prerequisites.length; p++) {
      const prerequisite = prerequisites[p] as { flag: string; variant: string };
      const required = this.flags.get(prerequisite.flag);
      if (chain.includes(prerequisite.flag)) return this.fail(flag, 'MALFORMED_FLAG');
      if (required !== undefined) {
        let index = this.prerequisiteResults.get(required);
        if (index === undefined) {
          if (chain.length > MAX_PREREQUISITE_DEPTH) return this.fail(flag, 'MALFORMED_FLAG');
          chain.push(prerequisite.flag);
          index = this.decide(required, context, chain);
          chain.pop();
          if (this.errorCode === 'MALFORMED_FLAG') {
            index = MALFORMED;
            this.malformedKept = true;
          }
          this.prerequisiteResults.set(required, index);
        }
        // A cycle or too deep a chain anywhere below makes this flag malformed too, as in LaunchDarkly.
        if (index === MALFORMED) return this.fail(flag, 'MALFORMED_FLAG');
        if (required.enabled && required.variantNames[index] === prerequisite.variant) continue;
      }
      this.errorCode = null;
      this.inRollout = false;
      this.kind = 'PREREQUISITE_FAILED';
      this.prerequisiteKey = prerequisite.flag;
      this.prerequisiteIndex = p;
      return flag.offIndex;
    }
    return -1;
  }

  private fail(flag: CompiledFlag, code: ErrorCode): number {
    this.kind = 'ERROR';
    this.errorCode = code;
    this.inRollout = false;
    return flag.offIndex;
  }

  private serve(flag: CompiledFlag, serve: CompiledServe, context: ContextLike): number {
    if (serve.fixed >= 0) return serve.fixed;
    const unit = unitOf(context[serve.bucketBy]);
    if (unit === undefined) return this.fail(flag, 'TARGETING_KEY_MISSING');
    const bucket = bucketAfter(flag.salt, unit);
    const thresholds = serve.thresholds;
    this.inRollout = true;
    // Stryker disable next-line EqualityOperator: for `<=`, no bucket is below the missing threshold past the end either (`>=` shares the line)
    for (let i = 0; i < thresholds.length; i++) {
      if (bucket < (thresholds[i] as number)) return serve.indices[i] as number;
    }
    // Unreachable for weights that sum to 100000; kept so a malformed rollout still serves something.
    return flag.offIndex;
  }
}

/** Compiles `ruleset` into an {@link Evaluator}. Recompile (or use its setters) when flags change. */
export function createEvaluator(ruleset: RulesetLike): Evaluator {
  return new RulesetEvaluator(ruleset);
}
