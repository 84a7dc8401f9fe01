import {
  type ContextOrUserId,
  type EvaluatedFlags,
  type EvaluationResult,
  type Evaluator,
  readAsDefault,
} from '@switchyard/shared';
import {
  type EvaluationCounter,
  FlagSlot,
  FORGOTTEN,
  type VariantTally,
} from '../metrics/evaluation-counter.js';
import type { RulesetStore } from '../ruleset/ruleset-store.js';

/**
 * The evaluation surface of every client: the shared engine plus what an SDK adds on top of it
 * (NOT_READY before any ruleset, TYPE_MISMATCH, counting evaluations for metrics). `isEnabled` is the
 * hot path and stays thin: one slot lookup, one engine call, one increment and one comparison.
 */
export class CountingEvaluator {
  // Held directly rather than read through the store: one load fewer on the hot path.
  private readonly evaluator: Evaluator;
  /**
   * The slot `isEnabled` counted in last. A service often evaluates the same flag many times in a
   * row, and comparing one (usually identical) string is cheaper than a map lookup.
   */
  private last: FlagSlot = new FlagSlot(FORGOTTEN, null);

  constructor(
    private readonly store: RulesetStore,
    private readonly counter: EvaluationCounter,
  ) {
    this.evaluator = store.evaluator;
  }

  isEnabled(key: string, context: ContextOrUserId): boolean {
    let slot = this.last;
    if (slot.key !== key) {
      slot = this.counter.slot(key);
      this.last = slot;
    }
    if (slot.type === 'boolean') {
      const on = this.evaluator.isEnabled(key, context);
      this.count(on ? slot.on : slot.off, context);
      return on;
    }
    this.count(slot.none, context);
    return false;
  }

  variation(key: string, context: ContextOrUserId, defaultValue: unknown): unknown {
    return this.evaluate(key, context, defaultValue).value;
  }

  evaluate(key: string, context: ContextOrUserId, defaultValue?: unknown): EvaluationResult {
    const slot = this.counter.slot(key);
    if (this.store.source === null) {
      this.count(slot.none, context);
      return failure(defaultValue, 'NOT_READY');
    }
    // The default's type is checked against the served value, as the browser SDK must (it has no flag type).
    const result = readAsDefault(this.evaluator.evaluate(key, context, defaultValue), defaultValue);
    this.count(slot.tally(result.variant), context);
    return result;
  }

  allFlags(context: ContextOrUserId): EvaluatedFlags {
    return this.store.evaluator.evaluateAll(context);
  }

  /** The variant `context` is served now (null when none), without counting an evaluation. */
  servedVariant(key: string, context: ContextOrUserId): string | null {
    if (this.store.source === null) return null;
    return this.evaluator.evaluate(key, context).variant;
  }

  /** An increment; the user id is looked at only on the evaluations the counter picked for exposures. */
  private count(tally: VariantTally, context: ContextOrUserId): void {
    if (++tally.evaluations >= tally.nextLook) this.counter.look(tally, context);
  }
}

function failure(value: unknown, errorCode: 'NOT_READY'): EvaluationResult {
  return { value, variant: null, reason: { kind: 'ERROR', errorCode } };
}
