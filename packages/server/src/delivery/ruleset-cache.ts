import type { FastifyBaseLogger } from 'fastify';
import type { FlagStore, StoreChange } from '../store/types.js';
import { type DeliveredChange, EnvironmentState } from './environment-state.js';
import type { EpochGuard } from './epoch-guard.js';

/** What stream connections hear: an applied change, or a full reload after a gap. */
export type CacheEvent =
  | { type: 'change'; change: DeliveredChange }
  | { type: 'reload'; state: EnvironmentState };

type Listener = (event: CacheEvent) => void;

/**
 * Every environment's ruleset in memory, kept current from the store's change feed (pub/sub with
 * Redis, so changes made on any instance arrive here in revision order). SDK routes read only from
 * here, so evaluations and streams keep working from memory while the store is down, and while the
 * store is not trusted (it came back empty, see EpochGuard): nothing is reloaded from it then.
 */
export class RulesetCache {
  private readonly states = new Map<string, Promise<EnvironmentState>>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly unsubscribe: () => void;
  /** Environments whose state must be reloaded before it is served again. */
  private readonly stale = new Set<string>();
  /** What each promise in `states` resolved to, once it has. */
  private readonly settled = new WeakMap<Promise<EnvironmentState>, EnvironmentState>();

  constructor(
    private readonly store: FlagStore,
    private readonly log: FastifyBaseLogger,
    private readonly guard: EpochGuard,
  ) {
    this.unsubscribe = store.subscribe((change) => this.onChange(change));
  }

  /** The state of an environment, loaded on first use. */
  async get(environment: string): Promise<EnvironmentState> {
    let state = this.states.get(environment);
    // While the store is not trusted, what is held is served as it is; nothing new is read.
    if (this.guard.lost !== null) {
      if (state === undefined)
        throw new Error('the store is not trusted and this environment was never loaded');
      return state;
    }
    if (state === undefined || this.stale.has(environment)) {
      this.stale.delete(environment);
      const loading = this.load(environment);
      // A failed load (store down) is not cached: the next request tries again.
      loading.catch(() => {
        if (this.states.get(environment) === loading) this.states.delete(environment);
      });
      this.hold(environment, loading);
      state = loading;
    }
    return state;
  }

  /**
   * The state `get` would give, when it is at hand (loaded, and not due for a reload); undefined when
   * `get` has to be asked. Lets the busiest SDK route answer without a promise.
   */
  ready(environment: string): EnvironmentState | undefined {
    const pending = this.states.get(environment);
    if (pending === undefined || (this.guard.lost === null && this.stale.has(environment))) return undefined;
    return this.settled.get(pending);
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
    if (!(await this.guard.check())) return;
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

  /**
   * Reloads every environment held, whatever its revision: the store has a new epoch (an operator
   * restored or accepted it), and streams get a `put` of it.
   */
  async adopt(): Promise<void> {
    for (const environment of [...this.states.keys()]) {
      this.stale.delete(environment);
      const state = await this.load(environment);
      this.hold(environment, Promise.resolve(state));
      this.emit(environment, { type: 'reload', state });
    }
  }

  /** Environments held in memory and their states (what `GET /api/v1/store/export` sends). */
  async held(): Promise<EnvironmentState[]> {
    const settled = await Promise.allSettled(this.states.values());
    return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  }

  close(): void {
    this.unsubscribe();
    this.listeners.clear();
  }

  private hold(environment: string, pending: Promise<EnvironmentState>): void {
    this.states.set(environment, pending);
    pending.then(
      (state) => this.settled.set(pending, state),
      () => undefined, // A failed load is dropped by `get`.
    );
  }

  private async load(environment: string): Promise<EnvironmentState> {
    const epoch = this.guard.epoch?.id;
    const ruleset = await this.store.getRuleset(environment);
    return new EnvironmentState(environment, epoch, ruleset.revision, ruleset.flags, ruleset.segments);
  }

  /** Reloads one environment, unless the store is not trusted or went back in time. */
  private async reload(environment: string): Promise<void> {
    if (!(await this.guard.check())) return;
    const held = await this.states.get(environment)?.catch(() => undefined);
    const state = await this.load(environment);
    if (held !== undefined && held.epoch === state.epoch && state.revision < held.revision) {
      this.guard.lose(
        'revision_back',
        `environment "${environment}" went back from revision ${held.revision} to ${state.revision} in the same epoch`,
      );
      return;
    }
    this.hold(environment, Promise.resolve(state));
    this.emit(environment, { type: 'reload', state });
  }

  private onChange(change: StoreChange): void {
    const pending = this.states.get(change.environment);
    if (pending === undefined) return; // Not loaded here; it will be read fresh on first use.
    if (this.guard.lost !== null) return; // A restore writing into the store: adopted as a whole later.
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
