import type { FastifyBaseLogger } from 'fastify';
import { newEpoch } from '../store/epoch.js';
import type { FlagStore, StoreEpoch } from '../store/types.js';

/** Why this instance stopped trusting the store: the store forgot (or replaced) what it served. */
export type EpochLossKind = 'empty' | 'epoch_changed' | 'revision_back';

export interface EpochLoss {
  kind: EpochLossKind;
  /** For people: what was seen, and what to do (docs/operations.md). */
  reason: string;
  /** When it was noticed (ISO 8601). */
  since: string;
}

export interface EpochGuardOptions {
  /** Called once per loss: count it, re-register the admin token. */
  onLost?: (loss: EpochLoss) => void;
  /** Called when an operator's restore or accept gave the store a new epoch, adopted here. */
  onAdopted?: (epoch: StoreEpoch) => Promise<void>;
  /** Called after each periodic check that found the store trusted (to remember what it holds). */
  onTrusted?: () => Promise<void>;
  /** How often the store's epoch is read while nothing else looks. Default 1,000 ms; 0: never. */
  checkEveryMs?: number;
}

const ACTION = 'run `switchyard-server restore` or accept the store as it is (docs/operations.md)';

/**
 * Watches the store's epoch for one instance. While the store holds the epoch this instance loaded,
 * all is well. When the store comes back without it (emptied), with another one, or with a revision
 * lower than one served, the guard is `lost`: the instance keeps serving its last good rulesets,
 * reports not ready and refuses admin writes, until an operator restores the store or accepts it
 * (both write a new epoch, which the guard then adopts).
 */
export class EpochGuard {
  private current: StoreEpoch | null = null;
  private loss: EpochLoss | null = null;
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<boolean> | undefined;

  constructor(
    private readonly store: FlagStore,
    private readonly log: FastifyBaseLogger,
    private readonly options: EpochGuardOptions = {},
  ) {}

  /** Claims the store's epoch (the first instance on an empty store writes it) and starts watching. */
  async start(): Promise<StoreEpoch | null> {
    this.current = await this.claim();
    const every = this.options.checkEveryMs ?? 1_000;
    if (every > 0) {
      this.timer = setInterval(() => {
        void this.check()
          .then((trusted) => (trusted ? this.options.onTrusted?.() : undefined))
          .catch((err: unknown) => this.log.warn({ err }, 'store epoch check failed'));
      }, every);
      this.timer.unref();
    }
    return this.current;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** The epoch this instance serves. */
  get epoch(): StoreEpoch | null {
    return this.current;
  }

  /** Why the store is not trusted, or null while it is. */
  get lost(): EpochLoss | null {
    return this.loss;
  }

  /**
   * Reads the store's epoch and compares: true while the store is still the one this instance
   * served. Adopts an epoch written by a restore or an accept. A store that cannot be read is not a
   * loss (the connection's own readiness covers it): the answer is then whether a loss is known.
   */
  check(): Promise<boolean> {
    this.checking ??= this.compare().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  /** Marks the store as not trusted (first reason wins), logs it once and reports it. */
  lose(kind: EpochLossKind, reason: string): void {
    if (this.loss !== null) return;
    this.loss = {
      kind,
      reason: `${reason}; serving the last good rulesets until an operator acts: ${ACTION}`,
      since: new Date().toISOString(),
    };
    this.log.error({ epoch: this.current?.id, kind }, `store epoch lost: ${this.loss.reason}`);
    this.options.onLost?.(this.loss);
  }

  /**
   * Claims the epoch, or reads it when the claim could not be confirmed (with REDIS_MIN_REPLICAS and
   * no replica answering, the claim may still be on the master): null when neither works, and the
   * periodic check claims it later. Starting never fails on it; writes answer 503 meanwhile anyway.
   */
  private async claim(): Promise<StoreEpoch | null> {
    try {
      return await this.store.claimEpoch(newEpoch('start'));
    } catch (err) {
      this.log.warn({ err }, 'could not confirm the store epoch claim; reading it instead');
      return this.store.readEpoch().catch(() => null);
    }
  }

  private async compare(): Promise<boolean> {
    if (this.current === null) {
      this.current = await this.claim();
      return this.loss === null;
    }
    let stored: StoreEpoch | null;
    try {
      stored = await this.store.readEpoch();
    } catch {
      return this.loss === null;
    }
    const held = this.current;
    if (stored !== null && held !== null && stored.id === held.id) return this.loss === null;
    if (stored !== null && stored.origin !== 'start') {
      // An operator restored the store or accepted it: a new history begins here too.
      this.current = stored;
      const wasLost = this.loss !== null;
      this.loss = null;
      this.log.warn(
        { epoch: stored.id, origin: stored.origin, wasLost },
        'adopting the store epoch an operator wrote',
      );
      await this.options.onAdopted?.(stored);
      return true;
    }
    if (stored === null)
      this.lose(
        'empty',
        'the store has no epoch: it came back empty (restarted without persistence, FLUSHALL, or failed over to an empty replica)',
      );
    else
      this.lose(
        'epoch_changed',
        `the store's epoch changed from ${held?.id} to ${stored.id} (another history)`,
      );
    return false;
  }
}
