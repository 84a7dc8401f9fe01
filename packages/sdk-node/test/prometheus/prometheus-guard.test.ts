import { startPrometheus, type TestMonitor } from '@switchyard/test-support/prometheus';
import { booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type SwitchyardClient } from '../../src/index.js';
import { fastOptions } from '../support/client-harness.js';
import { type CheckoutService, startCheckoutService } from './checkout-service.js';

/**
 * The story with the real parts: Debian's Prometheus scrapes an instrumented service whose metrics
 * carry the SDK's variant label; a guarded rollout with a Prometheus check rolls the flag back by
 * itself when the new code path starts failing.
 */
const FLAG = 'prom-checkout';
const FLAG_API = `/api/v1/environments/production/flags/${FLAG}`;
const SCRAPE_SECONDS = 1;
const FOR_SECONDS = 3;
const ERROR_RATIO =
  'sum(rate(http_requests_total{code=~"5..",flag_variant="{{variant}}"}[5s])) / sum(rate(http_requests_total{flag_variant="{{variant}}"}[5s]))';

describe('a guarded rollout with a Prometheus check', () => {
  let server: TestServer;
  let prometheus: TestMonitor;
  let client: SwitchyardClient;
  let service: CheckoutService;
  let load: NodeJS.Timeout | undefined;
  let requests = 0;

  beforeAll(async () => {
    service = await startCheckoutService(FLAG);
    prometheus = await startPrometheus(`
global:
  scrape_interval: ${SCRAPE_SECONDS}s
scrape_configs:
  - job_name: checkout
    static_configs:
      - targets: ['${new URL(service.url).host}']
`);
    server = await startTestServer({ planTickMs: 250, prometheusUrl: prometheus.url });
    await server.api('PUT', FLAG_API, booleanFlag(FLAG, 0));
    client = createClient(fastOptions(server.url, await server.createKey('server', 'production')));
    await client.ready();
    service.useClient(client);
    // Traffic from many users, as a checkout would see: about 100 requests a second.
    load = setInterval(() => {
      for (let i = 0; i < 5; i++) {
        const user = `user-${requests++ % 5000}`;
        void fetch(`${service.url}/checkout?user=${user}`).then(
          (r) => r.arrayBuffer(),
          () => {},
        );
      }
    }, 50);
  }, 60_000);

  afterAll(async () => {
    clearInterval(load);
    await client?.close();
    await service?.close();
    await prometheus?.stop();
    await server?.close();
  });

  const plan = async () => (await server.api('GET', `${FLAG_API}/plan`)).body.plan;
  const onWeight = async () =>
    (await server.api('GET', FLAG_API)).body.fallthrough.rollout.variants.find(
      (v: { variant: string }) => v.variant === 'on',
    ).weight;

  it('refuses Prometheus checks that are not well formed, naming the field', async () => {
    const bad = await server.api('PUT', `${FLAG_API}/plan`, {
      steps: [50],
      guards: { prometheus: [{ name: 'x', query: 'up', forSeconds: 1 }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('guards.prometheus.0.max');
  });

  it('holds while healthy, then rolls the flag back within forSeconds plus a few scrape intervals', async () => {
    const started = await server.api('PUT', `${FLAG_API}/plan`, {
      steps: [50, 100],
      intervalSeconds: 3600,
      guards: { prometheus: [{ name: 'http-5xx', query: ERROR_RATIO, max: 0.005, forSeconds: FOR_SECONDS }] },
    });
    expect(started.status).toBe(201);
    expect(await onWeight()).toBe(50_000);

    // Healthy: Prometheus answers for both variants, and the plan keeps running at 50%.
    await expect
      .poll(async () => (await plan()).lastDecision?.reason ?? '', { timeout: 20_000, interval: 250 })
      .not.toBe('');
    await new Promise((r) => setTimeout(r, (FOR_SECONDS + 2) * 1000));
    expect(await plan()).toMatchObject({ state: 'running', stepIndex: 0 });
    expect(await onWeight()).toBe(50_000);

    service.breakNewPath();
    const brokeAt = Date.now();
    await expect.poll(onWeight, { timeout: 30_000, interval: 100 }).toBe(0);
    const tookSeconds = (Date.now() - brokeAt) / 1000;
    // The 5 s rate window and the scrape interval come on top of forSeconds.
    expect(tookSeconds).toBeGreaterThanOrEqual(FOR_SECONDS);
    expect(tookSeconds).toBeLessThan(FOR_SECONDS + 5 + 4 * SCRAPE_SECONDS);

    const rolledBack = await plan();
    expect(rolledBack.state).toBe('rolled_back');
    expect(rolledBack.lastDecision.reason).toMatch(
      /^rolled back to 0%: Prometheus http-5xx: [\d.]+ > 0.005 for \d+ s$/,
    );
    const audit = await server.api('GET', `/api/v1/audit?environment=production&flag=${FLAG}&limit=1`);
    const [check] = audit.body.entries[0].details.evidence.prometheus.checks;
    expect(check.query).toContain('flag_variant="on"');
    expect(check.treatment).toBeGreaterThan(0.005);
    expect(Date.parse(check.holdingSince)).toBeGreaterThanOrEqual(brokeAt - 1000);
    // The SDK serves the old code path again: every user is on `off`.
    await expect.poll(() => client.variantOf(FLAG, { userId: 'user-1' })).toBe('off');
  }, 90_000);
});
