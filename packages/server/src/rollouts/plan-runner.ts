import { randomUUID } from 'node:crypto';
import { type Plan, percentageOf } from '@switchyard/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { MetricsIngest } from '../delivery/metrics-ingest.js';
import { totalsByVariant, windowOf } from '../metrics/variant-totals.js';
import type { FlagService } from '../services/flags.js';
import type { FlagStore } from '../store/types.js';
import { checkGuards } from './guards.js';
import { decision, PLAN_ACTOR, type PlanService } from './plan-service.js';
import { type PrometheusGuard, withPrometheus } from './prometheus-guard.js';
import { sequentialErrorTest, withSequentialTest } from './sequential-test.js';

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
  /** Evaluates plans' PromQL checks; absent without PROMETHEUS_URL. */
  prometheus?: PrometheusGuard;
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

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
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

  private async step(plan: Plan, t: number): Promise<void> {
    const { store, flags, plans } = this.o;
    const flag = await store.getFlag(plan.environment, plan.flag);
    if (flag === undefined) {
      await plans.transition(plan, {
        ...plan,
        state: 'aborted',
        lastDecision: decision(t, 'abort', 'the flag was deleted'),
      });
      return;
    }
    const current = plan.steps[plan.stepIndex] as number;
    if (!flag.enabled || percentageOf(flag) !== current) {
      await plans.transition(plan, {
        ...plan,
        state: 'paused',
        lastDecision: decision(
          t,
          'pause',
          `the flag was changed outside the plan (now ${flag.enabled ? `${percentageOf(flag)}%` : 'disabled'})`,
        ),
      });
      return;
    }

    const { guards } = plan;
    const fromMinute = Math.floor((t - guards.windowSeconds * 1000) / 60_000);
    const totals = totalsByVariant(
      await store.readMetrics(plan.environment, plan.flag, fromMinute, Math.floor(t / 60_000)),
    );
    const treatment = windowOf(totals, 'on');
    const control = windowOf(totals, 'off');
    // Prometheus checks (prometheus-guard.ts) join the SDK guards: either trips; a blind one holds or pauses.
    const prometheus = (await this.o.prometheus?.evaluate(plan, t)) ?? null;
    if (prometheus?.pause) {
      await plans.transition(plan, {
        ...plan,
        state: 'paused',
        lastDecision: decision(t, 'pause', prometheus.reason, treatment, control),
      });
      return;
    }
    // The sequential error-rate test (sequential-test.ts) reads the whole plan, not the window.
    const sinceStart = totalsByVariant(
      await store.readMetrics(
        plan.environment,
        plan.flag,
        Math.floor(Date.parse(plan.startedAt) / 60_000),
        Math.floor(t / 60_000),
      ),
    );
    const sequential = sequentialErrorTest(windowOf(sinceStart, 'on'), windowOf(sinceStart, 'off'));
    const verdict = withSequentialTest(
      withPrometheus(checkGuards(guards, treatment, control), prometheus),
      sequential,
    );
    const evidence = {
      treatment,
      control,
      reason: verdict.reason,
      step: current,
      windowSeconds: guards.windowSeconds,
      ...(prometheus === null ? {} : { prometheus: prometheus.evidence }),
      sequential: {
        treatment: { evaluations: sequential.treatment.evaluations, errors: sequential.treatment.errors },
        control: { evaluations: sequential.control.evaluations, errors: sequential.control.errors },
        logLikelihoodRatio: sequential.logLikelihoodRatio,
        threshold: sequential.threshold,
      },
    };

    if (verdict.verdict === 'regression') {
      const details = { plan: { steps: plan.steps, step: plan.stepIndex }, evidence };
      if (plan.onRegression === 'disable')
        await flags.setEnabled(plan.environment, plan.flag, false, flag.version, PLAN_ACTOR, details);
      else await flags.ramp(plan.environment, plan.flag, 0, flag.version, PLAN_ACTOR, details);
      await plans.transition(plan, {
        ...plan,
        state: 'rolled_back',
        lastDecision: decision(
          t,
          'rollback',
          `${plan.onRegression === 'disable' ? 'disabled' : 'rolled back to 0%'}: ${verdict.reason}`,
          treatment,
          control,
        ),
      });
      this.o.log.warn(
        { environment: plan.environment, flag: plan.flag, reason: verdict.reason },
        'guarded rollout rolled back',
      );
      return;
    }
    if (t < plan.nextStepAt) return;

    if (verdict.verdict === 'insufficient') {
      await plans.transition(plan, {
        ...plan,
        nextStepAt: t + plan.intervalSeconds * 1000,
        lastDecision: decision(t, 'hold', `holding at ${current}%: ${verdict.reason}`, treatment, control),
      });
      return;
    }
    const nextIndex = plan.stepIndex + 1;
    const next = plan.steps[nextIndex];
    if (next === undefined) {
      await plans.transition(plan, {
        ...plan,
        state: 'completed',
        lastDecision: decision(t, 'complete', `completed at ${current}%`, treatment, control),
      });
      return;
    }
    await flags.ramp(plan.environment, plan.flag, next, flag.version, PLAN_ACTOR, {
      plan: { steps: plan.steps, step: nextIndex },
      evidence,
    });
    await plans.transition(plan, {
      ...plan,
      stepIndex: nextIndex,
      state: next === 100 ? 'completed' : 'running',
      nextStepAt: t + plan.intervalSeconds * 1000,
      lastDecision: decision(
        t,
        next === 100 ? 'complete' : 'advance',
        `${current}% → ${next}%: ${verdict.reason}`,
        treatment,
        control,
      ),
    });
  }
}
