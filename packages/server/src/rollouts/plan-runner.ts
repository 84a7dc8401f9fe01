import { randomUUID } from 'node:crypto';
import type { Plan } from '@switchyard/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { MetricsIngest } from '../delivery/metrics-ingest.js';
import { type MetricsSource, readMetricsOf } from '../metrics/metrics-sources.js';
import { totalsByVariant, windowOf } from '../metrics/variant-totals.js';
import type { FlagService } from '../services/flags.js';
import { handOverLease } from '../services/leased-loop.js';
import type { FlagStore } from '../store/types.js';
import { checkGuards } from './guards.js';
import { decideStep } from './plan-decision.js';
import { PLAN_ACTOR, type PlanService } from './plan-service.js';

/** Only the holder of this lease acts on plans, so several instances never act twice. */
const LEASE = 'plan-runner';

export interface PlanRunnerOptions {
  store: FlagStore;
  flags: FlagService;
  plans: PlanService;
  ingest: MetricsIngest;
  log: FastifyBaseLogger;
  now: () => number;
  /** How often plans are checked; a tripped guard acts at the next check. */
  tickMs: number;
}

/**
 * Drives running plans: every tick it checks each plan's guards over its window and, when a step's
 * interval is over, advances (healthy, enough samples), holds (too few samples) or, at any tick,
 * rolls back (a guard tripped). State lives in the store, so a restarted or another instance
 * resumes where the plan was.
 */
export class PlanRunner {
  private readonly id = randomUUID();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly o: PlanRunnerOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.o.tickMs);
    this.timer.unref();
  }

  /** Stops ticking and gives the lease up, so another instance takes the plans over at its next tick. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
    await handOverLease(this.o.store, LEASE, this.id);
  }

  /** One pass over every running plan (ticks never overlap). */
  tick(): Promise<void> {
    this.running = this.running
      .then(() => this.pass())
      .catch((err: unknown) => this.o.log.error({ err }, 'plan runner pass failed'));
    return this.running;
  }

  private async pass(): Promise<void> {
    const { store, now, tickMs } = this.o;
    if (!(await store.tryLease(LEASE, this.id, Math.max(3 * tickMs, 5_000)))) return;
    await this.o.ingest.flush();
    for (const plan of await store.listPlans()) {
      if (plan.state !== 'running') continue;
      try {
        await this.step(plan, now());
      } catch (err) {
        this.o.log.warn(
          { err, environment: plan.environment, flag: plan.flag },
          'plan step failed; retrying next tick',
        );
      }
    }
  }

  /** Reads what the decision needs, decides, then writes the flag (if asked to) and the plan. */
  private async step(plan: Plan, now: number): Promise<void> {
    const { store, flags, plans, log } = this.o;
    const flag = await store.getFlag(plan.environment, plan.flag);
    const fromMinute = Math.floor((now - plan.guards.windowSeconds * 1000) / 60_000);
    // Client keys are public: their reports steer a plan only when it opts in.
    const sources: MetricsSource[] = plan.guards.clientMetrics ? ['server', 'client'] : ['server'];
    const totals = totalsByVariant(
      await readMetricsOf(store, plan.environment, plan.flag, fromMinute, Math.floor(now / 60_000), sources),
    );
    const treatment = windowOf(totals, 'on');
    const control = windowOf(totals, 'off');
    const verdict = checkGuards(plan.guards, treatment, control);
    const { flagChange, plan: next } = decideStep(plan, flag, { verdict, treatment, control }, now);

    if (flagChange !== undefined && flag !== undefined) {
      const { environment, flag: key } = plan;
      if (flagChange.kind === 'disable')
        await flags.setEnabled(environment, key, false, flag.version, PLAN_ACTOR, flagChange.details);
      else
        await flags.ramp(
          environment,
          key,
          flagChange.percentage,
          flag.version,
          PLAN_ACTOR,
          flagChange.details,
        );
    }
    if (next === undefined) return;
    await plans.transition(plan, next);
    if (next.state === 'rolled_back') {
      log.warn(
        { environment: plan.environment, flag: plan.flag, reason: verdict.reason },
        'guarded rollout rolled back',
      );
    }
  }
}
