import type { FlagType, FlagVariantMetrics } from '@switchyard/shared';

/** Evaluations and distinct user ids of one flag variant since the last drain. */
export class VariantTally {
  evaluations = 0;
  seen = new Set<string>();
  constructor(readonly variant: string | null) {}
}

/**
 * What the counter knows of one flag key: its type in the current ruleset (null when it has none),
 * which lets `isEnabled` read the served variant off its boolean result, and its tallies.
 */
export class FlagSlot {
  readonly on = new VariantTally('on');
  readonly off = new VariantTally('off');
  /** Evaluations that served the caller's default: flag missing, not ready, type mismatch. */
  readonly none = new VariantTally(null);
  /** Variants of non-boolean flags, made on first use. */
  others: Map<string, VariantTally> | null = null;
  constructor(
    readonly key: string,
    public type: FlagType | null,
  ) {}

  tally(variant: string | null): VariantTally {
    if (variant === null) return this.none;
    if (variant === 'on') return this.on;
    if (variant === 'off') return this.off;
    this.others ??= new Map();
    let tally = this.others.get(variant);
    if (tally === undefined) {
      tally = new VariantTally(variant);
      this.others.set(variant, tally);
    }
    return tally;
  }
}

export interface EvaluationCounterOptions {
  /** Distinct flag keys tracked between drains; evaluations of further keys are not reported. */
  maxFlags?: number;
  /** Distinct user ids remembered per flag variant between drains, for exposure counts (0: none). */
  maxExposuresPerVariant?: number;
  /**
   * Evaluations per flag variant and window whose user id is looked at for exposures. Evaluation
   * counts stay exact past it; exposures then count the distinct users among these first ones.
   */
  exposureBudget?: number;
}

/**
 * The evaluation-counting front of the shared `MetricsAccumulator`. The accumulator keys each record
 * by a freshly built string and de-duplicates user ids in a set, which together cost more than the
 * evaluation itself (about 100 ns against 30 ns). This counter keeps a slot per flag key, found by
 * comparing one string in the common case, so counting is an increment. De-duplicating user ids
 * for exposures (a set operation, ~13 ns) is bounded per window: it stops for a variant once the
 * variant has been evaluated `exposureBudget` times in the window (10 000 a second with the default
 * budget and flush interval), so a hot flag pays for it on a bounded number of evaluations, not on
 * every one. `drain()` hands the counts over in the accumulator's own format.
 */
export class EvaluationCounter {
  readonly slots = new Map<string, FlagSlot>();
  readonly maxExposures: number;
  readonly exposureBudget: number;
  private readonly maxFlags: number;
  /** Shared by every key past `maxFlags`; never drained. */
  private readonly overflow = new FlagSlot('\u0000overflow', null);
  /** Evaluations of keys past `maxFlags`, since the counter was made. */
  dropped = 0;

  constructor(
    private readonly typeOf: (key: string) => FlagType | null,
    options: EvaluationCounterOptions = {},
  ) {
    this.maxFlags = options.maxFlags ?? 10_000;
    this.maxExposures = options.maxExposuresPerVariant ?? 10_000;
    this.exposureBudget = this.maxExposures === 0 ? 0 : (options.exposureBudget ?? 100_000);
  }

  /**
   * The slot last returned by `slot()`. Callers compare its key before the map lookup: a service
   * often evaluates the same flag many times in a row, and comparing one (usually identical) string
   * is cheaper than hashing it.
   */
  last: FlagSlot = new FlagSlot('', null);

  /** The slot of `key`, made on first use. */
  slot(key: string): FlagSlot {
    let slot = this.slots.get(key);
    if (slot === undefined) {
      if (this.slots.size >= this.maxFlags) {
        this.dropped++;
        this.overflow.type = this.typeOf(key);
        return this.overflow;
      }
      slot = new FlagSlot(key, this.typeOf(key));
      this.slots.set(key, slot);
    }
    this.last = slot;
    return slot;
  }

  /** Re-reads the type of flags that changed, so `isEnabled` keeps reading variants right. */
  refresh(keys: readonly string[]): void {
    for (const key of keys) {
      const slot = this.slots.get(key);
      if (slot !== undefined) slot.type = this.typeOf(key);
    }
  }

  /** Everything counted since the last drain; the counts restart from zero. */
  drain(): FlagVariantMetrics[] {
    // The last slot may be forgotten below; the next evaluation looks it up again.
    this.last = new FlagSlot('', null);
    const metrics: FlagVariantMetrics[] = [];
    const take = (flag: string, tally: VariantTally): number => {
      const evaluations = tally.evaluations;
      if (evaluations === 0) return 0;
      metrics.push({ flag, variant: tally.variant, evaluations, exposures: tally.seen.size, errors: 0 });
      tally.evaluations = 0;
      tally.seen = new Set();
      return evaluations;
    };
    for (const [key, slot] of this.slots) {
      let counted = take(key, slot.on) + take(key, slot.off) + take(key, slot.none);
      let others = 0;
      for (const tally of slot.others?.values() ?? []) others += take(key, tally);
      counted += others;
      if (others === 0) slot.others = null;
      // Keys that are not in the ruleset and went unused for a whole window are forgotten.
      if (counted === 0 && slot.type === null) this.slots.delete(key);
    }
    return metrics;
  }
}
