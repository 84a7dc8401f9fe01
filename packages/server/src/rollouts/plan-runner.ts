import type { Plan } from '@switchyard/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { MetricsIngest } from '../delivery/metrics-ingest.js';
import { type MetricsSource, readMetricsOf } from '../metrics/metrics-sources.js';
import { totalsByVariant, windowOf } from '../metrics/variant-totals.js';
import type { FlagService } from '../services/flags.js';
import { LeasedRunner } from '../services/leased-loop.js';
import type { FlagStore } from '../store/types.js';
import { checkGuards } from './guards.js';
import { decideStep } from './plan-decision.js';
import { PLAN_ACTOR, type PlanService } from './plan-service.js';
import { type PrometheusGuard, withPrometheus } from './prometheus-guard.js';
import { sequentialErrorTest, withSequentialTest } from './sequential-test.js';

export interface PlanRunnerOptions {
  store: FlagStore;
  flags: FlagService;
  plans: PlanService;
  ingest: MetricsIngest;
  log: FastifyBaseLogger;
  now: () => number;
  /** How often plans are checked; a tripped guard acts at the next check. */
  tickMs: number;
  /** This instance's holder of the runner lease (shared with the schedule runner). */
  holder?: string;
  /** Evaluates plans' PromQL checks; absent without PROMETHEUS_URL. */
  prometheus?: PrometheusGuard;
}

/**
 * Drives running plans: every tick it checks each plan's guards over its window and, when a step's
 * interval is over, advances (healthy, enough samples), holds (too few samples) or, at any tick,
 * rolls back (a guard tripped). State lives in the store, so a restarted or another instance
 * resumes where the plan was.
 */
export class PlanRunner extends LeasedRunner {
  constructor(private readonly options: PlanRunnerOptions) {
    super({ ...options, name: 'plan runner' });
  }

  protected async pass(): Promise<void> {
    const { store, now } = this.options;
    await this.options.ingest.flush();
    for (const plan of await store.listPlans()) {
      if (plan.state !== 'running') continue;
      try {
        await this.step(plan, now());
      } catch (err) {
        this.options.log.warn(
          { err, environment: plan.environment, flag: plan.flag },
          'plan step failed; retrying next tick',
        );
      }
    }
  }

  /** Reads what the decision needs, decides, then writes the flag (if asked to) and the plan. */
  private async step(plan: Plan, now: number): Promise<void> {
    const { store, flags, plans, log } = this.options;
    const flag = await store.getFlag(plan.environment, plan.flag);
    const fromMinute = Math.floor((now - plan.guards.windowSeconds * 1000) / 60_000);
    // Client keys are public: their reports steer a plan only when it opts in.
    const sources: MetricsSource[] = plan.guards.clientMetrics ? ['server', 'client'] : ['server'];
    const totals = totalsByVariant(
      await readMetricsOf(store, plan.environment, plan.flag, fromMinute, Math.floor(now / 60_000), sources),
    );
    const treatment = windowOf(totals, 'on');
    const control = windowOf(totals, 'off');
    // Prometheus checks (prometheus-guard.ts) join the SDK guards: either trips; a blind one holds or pauses.
    const prometheus = (await this.options.prometheus?.evaluate(plan, now)) ?? null;
    // The sequential error-rate test (sequential-test.ts) reads the whole plan, not the window.
    const sinceStart = totalsByVariant(
      await readMetricsOf(
        store,
        plan.environment,
        plan.flag,
        Math.floor(Date.parse(plan.startedAt) / 60_000),
        Math.floor(now / 60_000),
        sources,
      ),
    );
    const sequential = sequentialErrorTest(windowOf(sinceStart, 'on'), windowOf(sinceStart, 'off'));
    const verdict = withSequentialTest(
      withPrometheus(checkGuards(plan.guards, treatment, control), prometheus),
      sequential,
    );
    const evidence = {
      ...(prometheus === null ? {} : { prometheus: prometheus.evidence }),
      sequential: {
        treatment: { evaluations: sequential.treatment.evaluations, errors: sequential.treatment.errors },
        control: { evaluations: sequential.control.evaluations, errors: sequential.control.errors },
        logLikelihoodRatio: sequential.logLikelihoodRatio,
        threshold: sequential.threshold,
      },
    };
    const reading = {
      verdict,
      treatment,
      control,
      evidence,
      ...(prometheus?.pause ? { pause: prometheus.reason } : {}),
    };
    const { flagChange, plan: next } = decideStep(plan, flag, reading, now);

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
