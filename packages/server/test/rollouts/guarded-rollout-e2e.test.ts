import { startRedis, type TestRedis } from '@switchyard/test-support/redis';
import { booleanFlag } from '@switchyard/test-support/server';
import { apiCaller, type ServerProcess, spawnServer } from '@switchyard/test-support/server-process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type SwitchyardClient } from '../../../sdk-node/src/index.js';

const TOKEN = 'guarded-rollout-e2e-admin-token';
let redis: TestRedis;
let a: ServerProcess;
let b: ServerProcess;
let client: SwitchyardClient;

const call = apiCaller(TOKEN);

beforeAll(async () => {
  redis = await startRedis();
  const env = { REDIS_URL: redis.url, SWITCHYARD_ADMIN_TOKEN: TOKEN };
  [a, b] = await Promise.all([spawnServer(env), spawnServer(env)]);
  const key = await call(a.url, 'POST', '/api/v1/keys', {
    kind: 'server',
    environment: 'production',
    name: 'svc',
  });
  await call(a.url, 'PUT', '/api/v1/environments/production/flags/healthy', booleanFlag('healthy', 0));
  await call(a.url, 'PUT', '/api/v1/environments/production/flags/faulty', booleanFlag('faulty', 0));
  client = createClient({ url: b.url, sdkKey: key.body.secret, flushIntervalMs: 100 });
  await client.ready();
}, 60_000);

afterAll(async () => {
  await client?.close();
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.stop();
});

/** Real traffic through the Node SDK on instance B until `done` says so or time runs out. */
async function trafficUntil(
  flag: string,
  failsEvery: number,
  done: () => Promise<boolean>,
  timeoutMs = 30_000,
) {
  let user = 0;
  let treated = 0;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (let i = 0; i < 200; i++) {
      const id = `u-${user++}`;
      // Only the new code path fails: every `failsEvery`-th request that gets it (0: never).
      if (client.isEnabled(flag, id) && failsEvery > 0 && ++treated % failsEvery === 0)
        client.recordError(flag, id);
    }
    if (await done()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${flag}: the plan did not finish within ${timeoutMs} ms`);
}

const guards = { windowSeconds: 1, minSamples: 20, maxErrorRate: 0.05 };

describe('guarded rollouts in real time on two instances sharing Redis', () => {
  it('completes a healthy plan with 1-second intervals, each step made exactly once', async () => {
    const started = await call(a.url, 'PUT', '/api/v1/environments/production/flags/healthy/plan', {
      steps: [10, 50, 100],
      intervalSeconds: 1,
      guards,
    });
    expect(started.status).toBe(201);
    await trafficUntil(
      'healthy',
      0,
      async () =>
        (await call(b.url, 'GET', '/api/v1/environments/production/flags/healthy/plan')).body.plan.state ===
        'completed',
    );
    const history = await call(a.url, 'GET', '/api/v1/environments/production/flags/healthy/history');
    const weights = history.body.versions.map((v: any) => v.fallthrough.rollout.variants[0].weight);
    expect(weights).toEqual([100_000, 50_000, 10_000, 0]);
    expect(client.isEnabled('healthy', 'anyone')).toBe(true);
  }, 60_000);

  it('rolls back a plan whose treatment fails, and the SDK sees the flag off', async () => {
    await call(a.url, 'PUT', '/api/v1/environments/production/flags/faulty/plan', {
      steps: [20, 50, 100],
      intervalSeconds: 1,
      guards,
    });
    await trafficUntil(
      'faulty',
      4,
      async () =>
        (await call(a.url, 'GET', '/api/v1/environments/production/flags/faulty/plan')).body.plan.state ===
        'rolled_back',
    );
    const plan = (await call(b.url, 'GET', '/api/v1/environments/production/flags/faulty/plan')).body.plan;
    expect(plan.lastDecision.reason).toContain('error rate');
    await new Promise((r) => setTimeout(r, 300));
    let on = 0;
    for (let i = 0; i < 1000; i++) if (client.isEnabled('faulty', `x-${i}`)) on++;
    expect(on).toBe(0);
  }, 60_000);
});
