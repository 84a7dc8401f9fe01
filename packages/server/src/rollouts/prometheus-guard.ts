import type { Plan, PrometheusCheck } from '@switchyard/shared';
import type { GuardVerdict } from './guards.js';
import type { PrometheusQuery, QueryResult } from './prometheus-query.js';

/** Prometheus may stay unreachable (or answer no data) this long before a plan pauses, by default. */
export const DEFAULT_PROMETHEUS_PAUSE_AFTER_SECONDS = 300;

/** One check's reading on one tick, as the audit entry and the plan's decision keep it. */
export interface CheckReading {
  name: string;
  /** The treatment's query, substituted. */
  query: string;
  treatment: number | null;
  /** Only for `maxRatioToControl`. */
  control: number | null;
  /** `value > max`, or `value > maxRatioToControl × control`. */
  condition: string;
  /** Since when the condition has held on every evaluation (ISO), or null. */
  holdingSince: string | null;
  forSeconds: number;
  problem?: string;
}

export interface PrometheusVerdict {
  verdict: GuardVerdict['verdict'];
  reason: string;
  /** True when Prometheus has had no answer for longer than the plan allows: pause the plan. */
  pause: boolean;
  evidence: { at: string; checks: CheckReading[] };
}

/** Fills `{{flag}}`, `{{environment}}` and `{{variant}}` (keys are `[A-Za-z0-9._-]`, safe in PromQL strings). */
export function substitute(query: string, plan: Pick<Plan, 'flag' | 'environment'>, variant: string): string {
  return query
    .replaceAll('{{flag}}', plan.flag)
    .replaceAll('{{environment}}', plan.environment)
    .replaceAll('{{variant}}', variant);
}

const fmt = (n: number) => String(Number(n.toPrecision(4)));

/**
 * The Prometheus checks of running plans. A check trips when its condition has held on every
 * evaluation for `forSeconds`; an evaluation without data (unreachable, empty, NaN) ends the streak,
 * as a Prometheus alert's `for` does. Without data the step holds, and after
 * `prometheusPauseAfterSeconds` the plan pauses. Streaks live in this object (one per server): a
 * restart or a move to another instance starts them again, which can only delay a rollback by up to
 * `forSeconds`, never hasten it.
 */
export class PrometheusGuard {
  /** `<plan id>\0<check name>` → epoch ms since when the condition holds. */
  private readonly holding = new Map<string, number>();
  /** `<plan id>` → epoch ms since when Prometheus has had no answer for some check. */
  private readonly blindSince = new Map<string, number>();

  constructor(private readonly query: PrometheusQuery) {}

  /** Null when the plan has no Prometheus checks. */
  async evaluate(plan: Plan, t: number): Promise<PrometheusVerdict | null> {
    const checks = plan.guards.prometheus ?? [];
    if (checks.length === 0) return null;
    const planId = `${plan.environment}\u0000${plan.flag}\u0000${plan.startedAt}`;
    const readings = await Promise.all(checks.map((check) => this.read(plan, check)));

    const evidence: PrometheusVerdict['evidence'] = { at: new Date(t).toISOString(), checks: [] };
    const tripped: string[] = [];
    const problems: string[] = [];
    readings.forEach(({ reading, breaching }, i) => {
      const check = checks[i] as PrometheusCheck;
      const key = `${planId}\u0000${check.name}`;
      if (breaching) {
        const since = this.holding.get(key) ?? t;
        this.holding.set(key, since);
        reading.holdingSince = new Date(since).toISOString();
        if (t - since >= check.forSeconds * 1000) {
          tripped.push(`${check.name}: ${reading.condition} for ${Math.round((t - since) / 1000)} s`);
        }
      } else this.holding.delete(key);
      if (reading.problem !== undefined) problems.push(`${check.name}: ${reading.problem}`);
      evidence.checks.push(reading);
    });

    if (tripped.length > 0) {
      this.forget(planId);
      return { verdict: 'regression', reason: `Prometheus ${tripped.join('; ')}`, pause: false, evidence };
    }
    if (problems.length > 0) {
      const since = this.blindSince.get(planId) ?? t;
      this.blindSince.set(planId, since);
      const limit =
        (plan.guards.prometheusPauseAfterSeconds ?? DEFAULT_PROMETHEUS_PAUSE_AFTER_SECONDS) * 1000;
      const pause = t - since >= limit;
      if (pause) this.forget(planId);
      const reason = pause
        ? `paused: no answer from Prometheus for ${Math.round((t - since) / 1000)} s (${problems.join('; ')})`
        : `holding: ${problems.join('; ')}`;
      return { verdict: 'insufficient', reason, pause, evidence };
    }
    this.blindSince.delete(planId);
    return { verdict: 'healthy', reason: 'within every Prometheus check', pause: false, evidence };
  }

  private forget(planId: string): void {
    this.blindSince.delete(planId);
    for (const key of this.holding.keys()) if (key.startsWith(`${planId}\u0000`)) this.holding.delete(key);
  }

  private async read(
    plan: Plan,
    check: PrometheusCheck,
  ): Promise<{ reading: CheckReading; breaching: boolean }> {
    const query = substitute(check.query, plan, 'on');
    const ratio = check.maxRatioToControl;
    const [treatment, control]: [QueryResult, QueryResult | null] = await Promise.all([
      this.query(query),
      ratio === undefined ? null : this.query(substitute(check.query, plan, 'off')),
    ]);
    const reading: CheckReading = {
      name: check.name,
      query,
      treatment: treatment.ok ? treatment.value : null,
      control: control?.ok ? control.value : null,
      condition: '',
      holdingSince: null,
      forSeconds: check.forSeconds,
    };
    const problem = !treatment.ok
      ? treatment.problem
      : control?.ok === false
        ? `control: ${control.problem}`
        : undefined;
    if (problem !== undefined) reading.problem = problem;
    if (ratio === undefined) {
      const max = check.max as number;
      reading.condition = `${fmt(reading.treatment ?? Number.NaN)} > ${fmt(max)}`;
      return { reading, breaching: reading.treatment !== null && reading.treatment > max };
    }
    const c = reading.control;
    reading.condition = `${fmt(reading.treatment ?? Number.NaN)} > ${fmt(ratio)} × control ${fmt(c ?? Number.NaN)}`;
    // A control of 0 (no errors, no latency) gives no ratio to exceed; `max` covers absolute limits.
    return {
      reading,
      breaching: reading.treatment !== null && c !== null && c > 0 && reading.treatment > ratio * c,
    };
  }
}

/** The SDK guards' verdict and the Prometheus checks' together: any regression trips, any gap holds. */
export function withPrometheus(sdk: GuardVerdict, prometheus: PrometheusVerdict | null): GuardVerdict {
  if (prometheus === null) return sdk;
  if (prometheus.verdict === 'regression') return { verdict: 'regression', reason: prometheus.reason };
  if (sdk.verdict === 'regression') return sdk;
  if (prometheus.verdict === 'insufficient') {
    return {
      verdict: 'insufficient',
      reason: sdk.verdict === 'insufficient' ? `${sdk.reason}; ${prometheus.reason}` : prometheus.reason,
    };
  }
  return sdk.verdict === 'healthy'
    ? { verdict: 'healthy', reason: `${sdk.reason} and ${prometheus.reason}` }
    : sdk;
}
