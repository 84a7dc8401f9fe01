import type { ContextOrUserId, FlagType, FlagVariantMetrics } from '@switchyard/shared';
import { UserIdSet } from './user-id-set.js';

/** `nextLook` of a tally whose user ids are not looked at (any more) in this window; a small integer. */
export const NEVER = 2 ** 30 - 1;

/** The key of a slot the counter let go of: no flag key can be empty. */
export const FORGOTTEN = '';

/** Evaluations and distinct user ids of one flag variant since the last drain. */
export class VariantTally {
  evaluations = 0;
  /** The evaluation (by its number in the window) whose user id is looked at next for exposures. */
  nextLook: number;
  /** The user ids looked at, made on the first one. */
  users: UserIdSet | null = null;
  constructor(
    readonly variant: string | null,
    readonly firstLook: number,
  ) {
    this.nextLook = firstLook;
  }
}

/**
 * What the counter knows of one flag key: its type in the current ruleset (null when it has none),
 * which lets `isEnabled` read the served variant off its boolean result, and its tallies.
 */
export class FlagSlot {
  readonly on: VariantTally;
  readonly off: VariantTally;
  /** Evaluations that served the caller's default: flag missing, not ready, type mismatch. */
  readonly none: VariantTally;
  /** Variants of non-boolean flags, made on first use. */
  others: Map<string, VariantTally> | null = null;
  constructor(
    public key: string,
    public type: FlagType | null,
    private readonly firstLook = NEVER,
  ) {
    this.on = new VariantTally('on', firstLook);
    this.off = new VariantTally('off', firstLook);
    this.none = new VariantTally(null, firstLook);
  }

  tally(variant: string | null): VariantTally {
    if (variant === null) return this.none;
    if (variant === 'on') return this.on;
    if (variant === 'off') return this.off;
    this.others ??= new Map();
    let tally = this.others.get(variant);
    if (tally === undefined) {
      tally = new VariantTally(variant, this.firstLook);
      this.others.set(variant, tally);
    }
    return tally;
  }
}

export interface EvaluationCounterOptions {
  /** Distinct flag keys tracked between drains; evaluations of further keys are not reported. */
  maxFlags?: number;
  /** Distinct user ids counted per flag variant between drains, for exposure counts (0: none). */
  maxExposuresPerVariant?: number;
  /** Evaluations per variant and window whose user id is always looked at, before sampling starts. */
  exactLooks?: number;
  /** After those, the share of evaluations whose user id is looked at: one in `lookOneIn` on average. */
  lookOneIn?: number;
  /** Uniform in [0, 1): picks the sampled evaluations. A xorshift generator unless a test needs another. */
  random?: () => number;
}

/**
 * Counts evaluations per flag variant for the metrics the SDK sends, with the shared
 * `MetricsAccumulator`'s record format. `isEnabled` runs it on every call, so counting must cost
 * next to nothing beside an engine evaluation of ~30 ns:
 *
 * - a slot per flag key holds its variants' tallies, found by one map lookup (callers may keep the
 *   slot they used last and compare its key first), never by building a key string; an evaluation is
 *   then a plain increment, and evaluation counts are exact;
 * - exposures (distinct user ids per variant and window) need the user id hashed and looked up, about
 *   15 ns. That is done for the first `exactLooks` evaluations of a variant in a window (exact exposure
 *   counts for quiet flags), then for a random one in `lookOneIn` (a sample for busy ones), and never
 *   again once the variant's set holds `maxExposuresPerVariant` users. Ids are kept as 32-bit hashes in
 *   a table of bounded size: an exposure count never exceeds the true number of distinct users.
 *
 * `drain()` hands the counts over and starts a new window.
 */
export class EvaluationCounter {
  readonly slots = new Map<string, FlagSlot>();
  readonly maxExposures: number;
  private readonly maxFlags: number;
  private readonly exactLooks: number;
  /** Sampled evaluations are 1 to 2 × lookOneIn − 1 apart, one in lookOneIn on average. */
  private readonly maxGap: number;
  private readonly random: () => number;
  /** The `nextLook` every window starts with: 1 (look at the first evaluation), or NEVER. */
  private readonly firstLook: number;
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
    this.exactLooks = options.exactLooks ?? 1_000;
    this.maxGap = 2 * (options.lookOneIn ?? 16) - 1;
    this.random = options.random ?? xorshift(Math.floor(Math.random() * 2 ** 32));
    this.firstLook = this.maxExposures > 0 ? 1 : NEVER;
  }

  /** The slot of `key`, made on first use. */
  slot(key: string): FlagSlot {
    let slot = this.slots.get(key);
    if (slot === undefined) {
      if (this.slots.size >= this.maxFlags) {
        this.dropped++;
        this.overflow.type = this.typeOf(key);
        return this.overflow;
      }
      slot = new FlagSlot(key, this.typeOf(key), this.firstLook);
      this.slots.set(key, slot);
    }
    return slot;
  }

  /**
   * Counts the user of `context` towards `tally`'s exposures and picks the next evaluation to look
   * at. Callers count the evaluation first, and call this when it reaches `tally.nextLook`.
   */
  look(tally: VariantTally, context: ContextOrUserId): void {
    const userId = typeof context === 'string' ? context : context?.userId;
    if (typeof userId === 'string') {
      tally.users ??= new UserIdSet(this.maxExposures);
      tally.users.add(userId);
    }
    const n = tally.evaluations;
    if (tally.users?.full) tally.nextLook = NEVER;
    else if (n < this.exactLooks) tally.nextLook = n + 1;
    else tally.nextLook = n + 1 + Math.floor(this.random() * this.maxGap);
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
    const metrics: FlagVariantMetrics[] = [];
    const take = (flag: string, tally: VariantTally): number => {
      const evaluations = tally.evaluations;
      if (evaluations === 0) {
        // Unused for a whole window: its table goes too.
        tally.users = null;
        return 0;
      }
      const exposures = tally.users?.size ?? 0;
      metrics.push({ flag, variant: tally.variant, evaluations, exposures, errors: 0 });
      tally.evaluations = 0;
      tally.nextLook = tally.firstLook;
      tally.users?.clear();
      return evaluations;
    };
    for (const [key, slot] of this.slots) {
      let counted = take(key, slot.on) + take(key, slot.off) + take(key, slot.none);
      let others = 0;
      for (const tally of slot.others?.values() ?? []) others += take(key, tally);
      counted += others;
      if (others === 0) slot.others = null;
      // Keys that are not in the ruleset and went unused for a whole window are forgotten. The key
      // the slot answers to changes too, so that a caller holding on to it looks the key up again.
      if (counted === 0 && slot.type === null) {
        this.slots.delete(key);
        slot.key = FORGOTTEN;
      }
    }
    return metrics;
  }
}

/**
 * Marsaglia's xorshift32 as uniform numbers in [0, 1): plenty random for picking which evaluations
 * to sample, and about half the cost of `Math.random` here.
 */
function xorshift(seed: number): () => number {
  let x = seed | 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}
