import { startAlertmanager, type TestMonitor } from '@switchyard/test-support/prometheus';
import { booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Debian's real Alertmanager calls a trigger URL through an ordinary webhook receiver. */

let t: TestServer;
let alertmanager: TestMonitor;
let triggerId: string;
const flagPath = '/api/v1/environments/production/flags/am-checkout';

beforeAll(async () => {
  t = await startTestServer();
  expect((await t.api('PUT', flagPath, booleanFlag('am-checkout', 25))).status).toBe(201);
  const trigger = await t.api('POST', `${flagPath}/triggers`, { action: 'disable' });
  triggerId = trigger.body.id;
  alertmanager = await startAlertmanager(`
route:
  receiver: switchyard
  group_by: [alertname]
  group_wait: 100ms
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: switchyard
    webhook_configs:
      - url: '${t.url}${trigger.body.url}'
        send_resolved: true
`);
}, 30_000);
afterAll(async () => {
  await alertmanager?.stop();
  await t?.close();
});

const alert = (endsAt?: Date) => [
  {
    labels: { alertname: 'CheckoutErrors', flag: 'am-checkout', severity: 'page' },
    annotations: { summary: 'checkout 5xx over 0.5%' },
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    ...(endsAt ? { endsAt: endsAt.toISOString() } : {}),
  },
];

async function sendAlerts(body: unknown): Promise<void> {
  const res = await fetch(`${alertmanager.url}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

async function eventually<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`${what}: still ${JSON.stringify(value)}\n${alertmanager.output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Calls of trigger URLs the server answered with 202, from its own /metrics. */
async function triggerCallsAccepted(): Promise<number> {
  const text = await (await fetch(`${t.url}/metrics`)).text();
  const line = text
    .split('\n')
    .find(
      (l) =>
        l.startsWith('switchyard_http_requests_total{') &&
        l.includes('route="/hooks/v1/triggers/:token"') &&
        l.includes('status="202"'),
    );
  return Number(line?.split(' ').pop() ?? 0);
}

describe('a trigger called by Alertmanager', () => {
  it('disables the flag when the alert fires, and a resolved notification leaves it as it is', async () => {
    await sendAlerts(alert());
    const disabled = await eventually(
      'the flag is disabled',
      async () => (await t.api('GET', flagPath)).body,
      (flag) => flag.enabled === false,
    );
    expect(disabled.version).toBe(2);
    const audit = await t.api('GET', '/api/v1/audit?environment=production&flag=am-checkout');
    expect(audit.body.entries[0]).toMatchObject({
      action: 'flag.disable',
      actor: { keyId: `trigger:${triggerId}` },
      details: {
        trigger: { id: triggerId, action: 'disable' },
        alert: {
          source: 'alertmanager',
          status: 'firing',
          labels: { alertname: 'CheckoutErrors', flag: 'am-checkout', severity: 'page' },
        },
      },
    });

    // Someone turns the flag back on; then the alert resolves.
    expect((await t.api('POST', `${flagPath}/enable`)).status).toBe(200);
    const callsBefore = await triggerCallsAccepted();
    expect(callsBefore).toBeGreaterThanOrEqual(1);
    await sendAlerts(alert(new Date()));
    await eventually('the resolved notification arrives', triggerCallsAccepted, (n) => n > callsBefore);
    const after = (await t.api('GET', flagPath)).body;
    expect(after).toMatchObject({ enabled: true, version: 3 });
  }, 40_000);
});
