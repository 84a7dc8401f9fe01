import { describeError } from '../errors.js';
import type { Logger } from '../logger.js';

type Listener<A extends unknown[]> = (...args: A) => void;

/**
 * A typed event emitter whose listeners can never hurt the SDK: a listener that throws is logged and
 * the others still run. Unlike Node's EventEmitter, an `error` event with no listener is not thrown.
 */
export class SafeEmitter<Events extends { [E in keyof Events]: unknown[] }> {
  private readonly listeners = new Map<keyof Events, Set<Listener<never>>>();

  constructor(private readonly logger: Logger) {}

  on<E extends keyof Events>(event: E, listener: Listener<Events[E]>): () => void {
    let set = this.listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as Listener<never>);
    return () => this.off(event, listener);
  }

  off<E extends keyof Events>(event: E, listener: Listener<Events[E]>): void {
    this.listeners.get(event)?.delete(listener as Listener<never>);
  }

  emit<E extends keyof Events>(event: E, ...args: Events[E]): void {
    const set = this.listeners.get(event);
    if (set === undefined) return;
    for (const listener of [...set]) {
      try {
        (listener as Listener<Events[E]>)(...args);
      } catch (err) {
        this.logger.error(`a "${String(event)}" listener threw: ${describeError(err)}`);
      }
    }
  }
}
