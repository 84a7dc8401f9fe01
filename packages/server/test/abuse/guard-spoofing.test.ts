import { booleanFlag } from '@switchyard/test-support/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type AttackTarget, startAttackTarget } from '../support/attack-target.js';

// Attack: a client key (public) reports made-up errors for the treatment to roll a guarded rollout back.
let target: AttackTarget;
const flagPath = (key: string) => `/api/v1/environments/production/flags/${key}`;

async function startPlan(key: string, clientMetrics: boolean) {
  await target.call('PUT', flagPath(key), booleanFlag(key, 0));
  const res = await target.call('PUT', `${flagPath(key)}/plan`, {
    steps: [5, 50, 100],
    intervalSeconds: 3600,
    guards: { minSamples: 10, windowSeconds: 120, clientMetrics },
  });
  expect(res.status).toBeLessThan(300);
}

const spoof = (key: string) =>
  target.call(
    'POST',
    '/sdk/v1/events',
    {
      metrics: [
        { flag: key, variant: 'on', evaluations: 1000, errors: 1000 },
        { flag: key, variant: 'off', evaluations: 1000, errors: 0 },
      ],
    },
    target.clientKey,
  );
const plan = async (key: string) => (await target.call('GET', `${flagPath(key)}/plan`)).body.plan;

beforeAll(async () => {
  target = await startAttackTarget();
}, 60_000);

afterAll(() => target?.stop());

describe('guarded rollouts and client-key metrics', () => {
  it('acts on client-key metrics only in a plan that opted in; charts show them either way', async () => {
    await startPlan('guarded', false);
    await startPlan('opted-in', true);
    expect((await spoof('guarded')).status).toBe(202);
    expect((await spoof('opted-in')).status).toBe(202);
    // Once the opted-in plan has rolled back, the runner has read the spoofed metrics of both.
    await vi.waitFor(async () => expect((await plan('opted-in')).state).toBe('rolled_back'), {
      timeout: 15_000,
      interval: 200,
    });
    const guarded = await plan('guarded');
    expect(guarded.state).toBe('running');
    expect(guarded.stepIndex).toBe(0);
    const chart = (await target.call('GET', `${flagPath('guarded')}/metrics?minutes=5`)).body;
    expect(chart.totals.find((t: { variant: string }) => t.variant === 'on')).toMatchObject({
      evaluations: 1000,
      errors: 1000,
    });
  });
});
