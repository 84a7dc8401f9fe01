import { booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type SimulatedService, simulateService } from './simulated-service.js';

const FLAG = '/api/v1/environments/production/flags/canary';
const START = Date.parse('2026-06-01T12:00:00Z');
let clock = START;
let t: TestServer;
let service: SimulatedService | undefined;

beforeEach(async () => {
  clock = START;
  t = await startTestServer({ now: () => clock, planTickMs: 0 });
  await t.api('PUT', FLAG, booleanFlag('canary', 0));
});
afterEach(async () => {
  await service?.close();
  service = undefined;
  await t.close();
});

const plan = (overrides: Record<string, unknown> = {}) => ({
  steps: [5, 25, 50, 100],
  intervalSeconds: 600,
  guards: {
    maxErrorRate: 0.01,
    maxErrorRateRatio: 2,
    maxP95LatencyRatio: 2,
    windowSeconds: 120,
    minSamples: 200,
  },
  onRegression: 'rollback',
  ...overrides,
});

const percentage = async () =>
  (await t.api('GET', FLAG)).body.fallthrough.rollout.variants.find((v: any) => v.variant === 'on').weight /
  1000;
const getPlan = async () => (await t.api('GET', `${FLAG}/plan`)).body.plan;

/** Serves traffic for `seconds` of simulated time in 30-second slices, checking the plan after each. */
async function run(seconds: number, requestsPerSlice: number, until?: (plan: any) => boolean) {
  for (let s = 0; s < seconds; s += 30) {
    await service?.serve(requestsPerSlice);
    clock += 30_000;
    await t.server.app.tickPlans();
    if (until?.(await getPlan())) return;
  }
}

describe('guarded rollouts', () => {
  it('rolls back within one window plus one interval when the treatment fails 10x as often', async () => {
    service = await simulateService(t, 'canary', { on: 0.02, off: 0.002 });
    const started = await t.api('PUT', `${FLAG}/plan`, plan());
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ state: 'running', stepIndex: 0 });
    expect(await percentage()).toBe(5);

    await run(120 + 600, 10_000, (p) => p.state !== 'running');
    const rolledBack = await getPlan();
    expect(rolledBack.state).toBe('rolled_back');
    expect(clock - START).toBeLessThanOrEqual((120 + 600) * 1000);
    expect(rolledBack.lastDecision.action).toBe('rollback');
    expect(rolledBack.lastDecision.treatment.errorRate).toBeGreaterThan(0.01);
    expect(await percentage()).toBe(0);

    const audit = await t.api('GET', '/api/v1/audit?environment=production&flag=canary&limit=1');
    expect(audit.body.entries[0]).toMatchObject({
      action: 'flag.rollout',
      actor: { name: 'guarded rollout' },
      after: {
        fallthrough: {
          rollout: {
            variants: [
              { variant: 'on', weight: 0 },
              { variant: 'off', weight: 100_000 },
            ],
          },
        },
      },
      details: { evidence: { reason: expect.stringContaining('error rate') } },
    });
  });

  it('completes every step of a healthy rollout, one interval each', async () => {
    service = await simulateService(t, 'canary', { on: 0.002, off: 0.002 });
    await t.api('PUT', `${FLAG}/plan`, plan({ steps: [5, 25, 50, 100] }));
    const seen: number[] = [await percentage()];
    for (let i = 0; i < 3; i++) {
      await run(600, 10_000, (p) => p.stepIndex > i);
      seen.push(await percentage());
    }
    expect(seen).toEqual([5, 25, 50, 100]);
    expect((await getPlan()).state).toBe('completed');
    const history = await t.api('GET', `${FLAG}/history`);
    expect(
      history.body.versions.slice(0, 4).map((v: any) => v.fallthrough.rollout.variants[0].weight),
    ).toEqual([100_000, 50_000, 25_000, 5_000]);
  });

  it('holds the step while there are too few samples', async () => {
    service = await simulateService(t, 'canary', { on: 0, off: 0 });
    await t.api('PUT', `${FLAG}/plan`, plan({ guards: { minSamples: 200, windowSeconds: 120 } }));
    await run(1800, 50);
    const held = await getPlan();
    expect(held).toMatchObject({ state: 'running', stepIndex: 0, lastDecision: { action: 'hold' } });
    expect(held.lastDecision.reason).toContain('needs 200 evaluations');
    expect(await percentage()).toBe(5);
  });

  it('pauses instead of fighting a person who ramps by hand, and resumes on request', async () => {
    service = await simulateService(t, 'canary', { on: 0.002, off: 0.002 });
    await t.api('PUT', `${FLAG}/plan`, plan());
    await t.api('POST', `${FLAG}/rollout`, { percentage: 10 });
    await vi.waitFor(async () => expect((await getPlan()).state).toBe('paused'));
    expect((await getPlan()).lastDecision.reason).toContain('by hand');
    await run(1200, 10_000);
    expect(await percentage()).toBe(10);

    const resumed = await t.api('POST', `${FLAG}/plan/resume`);
    expect(resumed.body.state).toBe('running');
    expect(await percentage()).toBe(5);
    await t.api('POST', `${FLAG}/disable`);
    await vi.waitFor(async () => expect((await getPlan()).state).toBe('paused'));
  });

  it('disables the flag on regression when asked to', async () => {
    service = await simulateService(t, 'canary', { on: 0.05, off: 0 });
    await t.api('PUT', `${FLAG}/plan`, plan({ onRegression: 'disable' }));
    await run(720, 10_000, (p) => p.state !== 'running');
    expect((await getPlan()).state).toBe('rolled_back');
    expect((await t.api('GET', FLAG)).body.enabled).toBe(false);
  });

  it('validates plans and answers for flags without one', async () => {
    const bad = await t.api('PUT', `${FLAG}/plan`, plan({ steps: [5, 5] }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('steps.1');
    expect(
      (await t.api('PUT', `${FLAG}/plan`, plan({ intervalSeconds: 0 }))).body.error.details[0].path,
    ).toBe('intervalSeconds');
    // No plan yet is an answer, not an error; a flag that does not exist is still a 404.
    const none = await t.api('GET', `${FLAG}/plan`);
    expect(none.status).toBe(200);
    expect(none.body).toEqual({ plan: null });
    const missing = await t.api('GET', '/api/v1/environments/production/flags/nope/plan');
    expect(missing.body.error.code).toBe('SY_ERR_FLAG_NOT_FOUND');
    await t.api('PUT', '/api/v1/environments/production/flags/text', {
      type: 'string',
      variants: { a: 'x' },
      enabled: true,
      offVariant: 'a',
      fallthrough: { variant: 'a' },
    });
    expect(
      (await t.api('PUT', '/api/v1/environments/production/flags/text/plan', plan())).body.error.code,
    ).toBe('SY_ERR_NOT_BOOLEAN');
    await t.api('PUT', `${FLAG}/plan`, plan());
    expect((await t.api('POST', `${FLAG}/plan/resume`)).status).toBe(409);
    expect((await t.api('POST', `${FLAG}/plan/abort`)).body.state).toBe('aborted');
  });

  it('audits starts, pauses, resumes and aborts with their actor and reason', async () => {
    await t.api('PUT', `${FLAG}/plan?reason=${encodeURIComponent('canary looked clean')}`, plan());
    await t.api('POST', `${FLAG}/plan/pause`);
    await t.api('POST', `${FLAG}/plan/resume`);
    await t.api('POST', `${FLAG}/plan/abort?reason=wrong%20build`);
    const { entries } = (await t.api('GET', '/api/v1/audit?environment=production&flag=canary&limit=50'))
      .body;
    const planEntries = entries.filter((e: any) => e.action.startsWith('plan.'));
    expect(planEntries.slice(0, 4).map((e: any) => [e.action, e.actor.name, e.reason])).toEqual([
      ['plan.abort', 'SWITCHYARD_ADMIN_TOKEN', 'wrong build'],
      ['plan.resume', 'SWITCHYARD_ADMIN_TOKEN', undefined],
      ['plan.pause', 'SWITCHYARD_ADMIN_TOKEN', undefined],
      ['plan.start', 'SWITCHYARD_ADMIN_TOKEN', 'canary looked clean'],
    ]);
    expect(planEntries[0].before.state).toBe('running');
    expect(planEntries[0].after.state).toBe('aborted');
    const blank = await t.api('POST', `${FLAG}/plan/pause?reason=%20`);
    expect(blank.status).toBe(400);
    expect(blank.body.error.details[0].path).toBe('reason');
  });
});
