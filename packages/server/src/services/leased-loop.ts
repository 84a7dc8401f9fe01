import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { FlagStore } from '../store/types.js';

/**
 * The lease of the instance that runs the timed work of all instances: guarded rollout plans and
 * scheduled changes. One holder per instance takes it for both.
 */
export const RUNNER_LEASE = 'plan-runner';

export interface LeasedLoopOptions {
  store: FlagStore;
  /** Who holds the lease: loops of one instance that share a lease share this (default: a new id). */
  holder?: string;
  /** The lease that makes one instance, of all sharing the store, the one that runs the pass. */
  lease: string;
  log: FastifyBaseLogger;
  /** Time between passes; the lease lasts three of them (at least 5 s) so a live holder keeps it. */
  tickMs: number;
  /** What failed passes are logged as. */
  name: string;
  /** One pass; runs only on the lease holder, never two at once. */
  pass(): Promise<void>;
}

/**
 * Gives `lease` up if `holder` has it, so another instance takes it at its next tick instead of
 * after the lease expires. Bounded: with the store unreachable the lease simply expires.
 */
export async function handOverLease(store: FlagStore, lease: string, holder: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    store.releaseLease(lease, holder).catch(() => {}),
    new Promise((resolve) => {
      timer = setTimeout(resolve, 1_000);
    }),
  ]);
  clearTimeout(timer);
}

/**
 * A pass that runs every `tickMs` on exactly one instance: the holder of `lease`. When the holder
 * stops, it hands the lease over (or, if it died, the lease expires) and another instance carries on
 * from the stored state.
 */
export class LeasedLoop {
  private readonly holder: string;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly options: LeasedLoopOptions) {
    this.holder = options.holder ?? randomUUID();
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.options.tickMs);
    this.timer.unref();
  }

  /** Stops the passes and hands the lease over. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
    await handOverLease(this.options.store, this.options.lease, this.holder);
  }

  /** One pass now, if this instance holds the lease (passes never overlap). */
  tick(): Promise<void> {
    const { store, lease, tickMs, log, name } = this.options;
    this.running = this.running
      .then(async () => {
        if (await store.tryLease(lease, this.holder, Math.max(3 * tickMs, 5_000))) await this.options.pass();
      })
      .catch((err: unknown) => log.error({ err }, `${name} pass failed`));
    return this.running;
  }
}

/**
 * Timed work on the holder of the runner lease (plans, scheduled changes): a subclass says what one
 * pass does; starting, stopping (handing the lease over) and ticking are the loop's.
 */
export abstract class LeasedRunner {
  private readonly loop: LeasedLoop;

  constructor(options: Omit<LeasedLoopOptions, 'lease' | 'pass'>) {
    this.loop = new LeasedLoop({ ...options, lease: RUNNER_LEASE, pass: () => this.pass() });
  }

  start(): void {
    this.loop.start();
  }

  /** Stops ticking and gives the lease up, so another instance takes the work over at its next tick. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** One pass now, if this instance holds the lease (passes never overlap). */
  tick(): Promise<void> {
    return this.loop.tick();
  }

  /** One pass; runs only on the lease holder, never two at once. */
  protected abstract pass(): Promise<void>;
}
