import { booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type SimulatedService, simulateService } from './simulated-service.js';

const FLAG = '/api/v1/environments/production/flags/seq';
const START = Date.parse('2026-06-01T12:00:00Z');
let clock = START;
let t: TestServer;
let service: SimulatedService | undefined;

beforeEach(async () => {
  clock = START;
  t = await startTestServer({ now: () => clock, planTickMs: 0 });
  await t.api('PUT', FLAG, booleanFlag('seq', 0));
});
afterEach(async () => {
  await service?.close();
  await t.close();
});

const getPlan = async () => (await t.api('GET', `${FLAG}/plan`)).body.plan;

/** Guards loose enough that only the sequential test can see a 2% vs 1% regression. */
const loosePlan = {
  steps: [50, 100],
  intervalSeconds: 3600,
  guards: {
    maxErrorRate: 0.5,
    maxErrorRateRatio: 10,
    maxP95LatencyRatio: 10,
    windowSeconds: 60,
    minSamples: 200,
  },
};

async function serveUntilDecided(minutes: number) {
  for (let m = 0; m < minutes; m++) {
    await service?.serve(2_000);
    clock += 60_000;
    await t.server.app.tickPlans();
    if ((await getPlan()).state !== 'running') return;
  }
}

it('rolls back a treatment erring at 2% against 1% through the sequential test, with its numbers in the audit entry', async () => {
  service = await simulateService(t, 'seq', { on: 0.02, off: 0.01 });
  expect((await t.api('PUT', `${FLAG}/plan`, loosePlan)).status).toBe(201);
  await serveUntilDecided(30);
  const plan = await getPlan();
  expect(plan.state).toBe('rolled_back');
  expect(plan.lastDecision.reason).toMatch(
    /treatment errs more than the control: .* \(sequential test, α = 0.01\)$/,
  );
  const audit = await t.api('GET', '/api/v1/audit?environment=production&flag=seq&limit=1');
  const { sequential } = audit.body.entries[0].details.evidence;
  expect(sequential.logLikelihoodRatio).toBeGreaterThanOrEqual(sequential.threshold);
  expect(sequential.treatment.errors / sequential.treatment.evaluations).toBeGreaterThan(
    sequential.control.errors / sequential.control.evaluations,
  );
}, 60_000);

it('keeps an A/A plan running: equal error rates never trip it', async () => {
  service = await simulateService(t, 'seq', { on: 0.01, off: 0.01 });
  await t.api('PUT', `${FLAG}/plan`, loosePlan);
  await serveUntilDecided(15);
  expect(await getPlan()).toMatchObject({ state: 'running', stepIndex: 0 });
}, 60_000);
