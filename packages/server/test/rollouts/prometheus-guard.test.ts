import type { Plan, PrometheusCheck } from '@switchyard/shared';
import { describe, expect, it } from 'vitest';
import { PrometheusGuard, substitute, withPrometheus } from '../../src/rollouts/prometheus-guard.js';
import type { QueryResult } from '../../src/rollouts/prometheus-query.js';

function plan(checks: PrometheusCheck[], pauseAfter?: number): Plan {
  return {
    environment: 'production',
    flag: 'new-checkout',
    steps: [5, 100],
    intervalSeconds: 60,
    guards: {
      maxErrorRate: 0.01,
      maxErrorRateRatio: 2,
      maxP95LatencyRatio: 2,
      windowSeconds: 120,
      minSamples: 200,
      clientMetrics: false,
      prometheus: checks,
      ...(pauseAfter === undefined ? {} : { prometheusPauseAfterSeconds: pauseAfter }),
    },
    onRegression: 'rollback',
    state: 'running',
    stepIndex: 0,
    nextStepAt: 0,
    startedAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    revision: 1,
    lastDecision: null,
  };
}

/** A Prometheus stand-in: answers per variant from `values`, which the test changes between ticks. */
function fakePrometheus() {
  const values: Record<string, QueryResult> = {};
  const asked: string[] = [];
  const query = async (q: string): Promise<QueryResult> => {
    asked.push(q);
    const variant = /flag_variant="(\w+)"/.exec(q)?.[1] ?? 'none';
    return values[variant] ?? { ok: false, problem: 'the query returned no data' };
  };
  return { values, asked, query };
}

const errors: PrometheusCheck = {
  name: 'http-5xx',
  query: 'sum(rate(x{code=~"5..",flag="{{flag}}",env="{{environment}}",flag_variant="{{variant}}"}[1m]))',
  max: 0.005,
  forSeconds: 120,
};
const p95: PrometheusCheck = {
  name: 'p95',
  query: 'histogram_quantile(0.95, y{flag_variant="{{variant}}"})',
  maxRatioToControl: 2,
  forSeconds: 60,
};
const at = (s: number) => 1_000_000 + s * 1000;

describe('Prometheus checks of a plan', () => {
  it('substitutes flag, environment and variant (the treatment; the control for ratios)', async () => {
    const prom = fakePrometheus();
    prom.values.on = { ok: true, value: 0.2 };
    prom.values.off = { ok: true, value: 0.15 };
    await new PrometheusGuard(prom.query).evaluate(plan([errors, p95]), at(0));
    expect(prom.asked).toEqual([
      'sum(rate(x{code=~"5..",flag="new-checkout",env="production",flag_variant="on"}[1m]))',
      'histogram_quantile(0.95, y{flag_variant="on"})',
      'histogram_quantile(0.95, y{flag_variant="off"})',
    ]);
    expect(substitute('{{flag}}{{flag}}', { flag: 'a', environment: 'b' }, 'on')).toBe('aa');
  });

  it('trips only when the condition held on every evaluation for forSeconds', async () => {
    const prom = fakePrometheus();
    const guard = new PrometheusGuard(prom.query);
    const p = plan([errors]);
    prom.values.on = { ok: true, value: 0.01 };
    expect((await guard.evaluate(p, at(0)))?.verdict).toBe('healthy');
    expect((await guard.evaluate(p, at(60)))?.verdict).toBe('healthy');
    prom.values.on = { ok: true, value: 0.004 };
    // It dipped under the limit: the streak starts again.
    expect((await guard.evaluate(p, at(119)))?.verdict).toBe('healthy');
    prom.values.on = { ok: true, value: 0.02 };
    expect((await guard.evaluate(p, at(120)))?.verdict).toBe('healthy');
    expect((await guard.evaluate(p, at(239)))?.verdict).toBe('healthy');
    const tripped = await guard.evaluate(p, at(240));
    expect(tripped?.verdict).toBe('regression');
    expect(tripped?.reason).toBe('Prometheus http-5xx: 0.02 > 0.005 for 120 s');
    expect(tripped?.evidence.checks[0]).toMatchObject({
      name: 'http-5xx',
      treatment: 0.02,
      control: null,
      holdingSince: new Date(at(120)).toISOString(),
      forSeconds: 120,
    });
  });

  it('compares with the control for maxRatioToControl, and a control of 0 never trips', async () => {
    const prom = fakePrometheus();
    const guard = new PrometheusGuard(prom.query);
    const p = plan([{ ...p95, forSeconds: 0 }]);
    prom.values.on = { ok: true, value: 0.5 };
    prom.values.off = { ok: true, value: 0 };
    expect((await guard.evaluate(p, at(0)))?.verdict).toBe('healthy');
    prom.values.off = { ok: true, value: 0.3 };
    expect((await guard.evaluate(p, at(1)))?.verdict).toBe('healthy');
    prom.values.off = { ok: true, value: 0.2 };
    const tripped = await guard.evaluate(p, at(2));
    expect(tripped?.verdict).toBe('regression');
    expect(tripped?.evidence.checks[0]).toMatchObject({ treatment: 0.5, control: 0.2 });
  });

  it('holds without data, ends the streak, and pauses after the configured time', async () => {
    const prom = fakePrometheus();
    const guard = new PrometheusGuard(prom.query);
    const p = plan([errors], 30);
    prom.values.on = { ok: true, value: 0.02 };
    await guard.evaluate(p, at(0));
    prom.values.on = { ok: false, problem: 'Prometheus did not answer' };
    const held = await guard.evaluate(p, at(10));
    expect(held).toMatchObject({ verdict: 'insufficient', pause: false });
    expect(held?.reason).toContain('http-5xx: Prometheus did not answer');
    expect((await guard.evaluate(p, at(39)))?.pause).toBe(false);
    const paused = await guard.evaluate(p, at(40));
    expect(paused).toMatchObject({ verdict: 'insufficient', pause: true });
    expect(paused?.reason).toMatch(/^paused: no answer from Prometheus for 30 s/);

    // Data again: the streak started over at 100 s, so 120 s later it trips, not before.
    prom.values.on = { ok: true, value: 0.02 };
    expect((await guard.evaluate(p, at(100)))?.verdict).toBe('healthy');
    expect((await guard.evaluate(p, at(219)))?.verdict).toBe('healthy');
    expect((await guard.evaluate(p, at(220)))?.verdict).toBe('regression');
  });

  it('joins the SDK verdict: any regression trips, any gap holds', () => {
    const healthy = { verdict: 'healthy', reason: 'sdk ok' } as const;
    const prometheus = (verdict: 'healthy' | 'insufficient' | 'regression') => ({
      verdict,
      reason: `prom ${verdict}`,
      pause: false,
      evidence: { at: '', checks: [] },
    });
    expect(withPrometheus(healthy, null)).toBe(healthy);
    expect(withPrometheus(healthy, prometheus('regression')).verdict).toBe('regression');
    expect(withPrometheus(healthy, prometheus('insufficient')).verdict).toBe('insufficient');
    expect(withPrometheus({ verdict: 'regression', reason: 'sdk bad' }, prometheus('healthy')).verdict).toBe(
      'regression',
    );
    expect(withPrometheus(healthy, prometheus('healthy')).verdict).toBe('healthy');
  });
});
