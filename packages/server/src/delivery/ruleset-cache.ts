import type { FastifyBaseLogger } from 'fastify';
import type { FlagStore, StoreChange } from '../store/types.js';
import { type DeliveredChange, EnvironmentState } from './environment-state.js';

/** What stream connections hear: an applied change, or a full reload after a gap. */
export type CacheEvent =
  | { type: 'change'; change: DeliveredChange }
  | { type: 'reload'; state: EnvironmentState };

type Listener = (event: CacheEvent) => void;

/**
 * Every environment's ruleset in memory, kept current from the store's change feed (pub/sub with
 * Redis, so changes made on any instance arrive here in revision order). SDK routes read only from
 * here, so evaluations and streams keep working from memory while the store is down.
 */
export class RulesetCache {
  private readonly states = new Map<string, Promise<EnvironmentState>>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly unsubscribe: () => void;
  /** Environments whose state must be reloaded before it is served again. */
  private readonly stale = new Set<string>();

  constructor(
    private readonly store: FlagStore,
    private readonly log: FastifyBaseLogger,
  ) {
    this.unsubscribe = store.subscribe((change) => this.onChange(change));
  }

  /** The state of an environment, loaded on first use. */
  async get(environment: string): Promise<EnvironmentState> {
    let state = this.states.get(environment);
    if (state === undefined || this.stale.has(environment)) {
      this.stale.delete(environment);
      const loading = this.load(environment);
      // A failed load (store down) is not cached: the next request tries again.
      loading.catch(() => {
        if (this.states.get(environment) === loading) this.states.delete(environment);
      });
      this.states.set(environment, loading);
      state = loading;
    }
    return state;
  }

  /**
   * The state of an environment once it has reached `revision`, or as it is after `timeoutMs`. A client
   * told of a change by one instance may ask another that has not heard of it yet; this lets the
   * second wait briefly instead of answering with what the client has already.
   */
  async atLeast(environment: string, revision: number, timeoutMs: number): Promise<EnvironmentState> {
    const state = await this.get(environment);
    if (state.revision >= revision) return state;
    return new Promise((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        stop();
        this.get(environment).then(resolve, reject);
      };
      const timer = setTimeout(finish, timeoutMs);
      const stop = this.listen(environment, (event) => {
        const reached = event.type === 'reload' ? event.state.revision : event.change.revision;
        if (reached >= revision) finish();
      });
    });
  }

  /** Hears every change (and reload) of one environment, in order. Returns the unsubscribe function. */
  listen(environment: string, listener: Listener): () => void {
    let set = this.listeners.get(environment);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(environment, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  /**
   * Brings every loaded environment up to date from the store, e.g. after the store reconnected:
   * missed changes are replayed in order when the store still has them, otherwise the state reloads.
   */
  async resync(): Promise<void> {
    for (const [environment, pending] of this.states) {
      const state = await pending;
      const missed = await this.store.changesSince(environment, state.revision);
      if (missed === null) await this.reload(environment);
      else for (const change of missed) this.onChange(change);
    }
  }

  /** Reloads an environment from the store and sends its streams a fresh `put`. */
  invalidate(environment: string): void {
    if (!this.states.has(environment)) return;
    this.reload(environment).catch((err: unknown) => {
      this.log.error({ err, environment }, 'reload failed; will reload on next use');
      this.stale.add(environment);
    });
  }

  close(): void {
    this.unsubscribe();
    this.listeners.clear();
  }

  private async load(environment: string): Promise<EnvironmentState> {
    const ruleset = await this.store.getRuleset(environment);
    return new EnvironmentState(environment, ruleset.revision, ruleset.flags, ruleset.segments);
  }

  private async reload(environment: string): Promise<void> {
    const state = await this.load(environment);
    this.states.set(environment, Promise.resolve(state));
    this.emit(environment, { type: 'reload', state });
  }

  private onChange(change: StoreChange): void {
    const pending = this.states.get(change.environment);
    if (pending === undefined) return; // Not loaded here; it will be read fresh on first use.
    pending
      .then((state) => {
        if (change.revision <= state.revision) return; // Seen already (replay overlap).
        const delivered = state.apply(change);
        if (delivered !== null) {
          this.emit(change.environment, { type: 'change', change: delivered });
        } else {
          this.log.warn(
            { environment: change.environment, have: state.revision, got: change.revision },
            'change feed gap; reloading',
          );
          return this.reload(change.environment);
        }
      })
      .catch((err: unknown) => {
        this.log.error(
          { err, environment: change.environment },
          'could not apply change; will reload on next use',
        );
        this.stale.add(change.environment);
      });
  }

  private emit(environment: string, event: CacheEvent): void {
    for (const listener of this.listeners.get(environment) ?? []) listener(event);
  }
}
