import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type SwitchyardClient } from '@switchyard/sdk-node';
import { type RunningServer, startServer } from '@switchyard/server';
// The same harness that runs Debian's Prometheus and Alertmanager in the server's tests.
import { freePort } from '../../../packages/test-support/src/free-port.js';
import {
  startAlertmanager,
  startPrometheus,
  type TestMonitor,
} from '../../../packages/test-support/src/prometheus.js';
import { booleanFlag } from '../../../packages/test-support/src/server.js';
import {
  startWebhookReceiver,
  type WebhookReceiver,
} from '../../../packages/test-support/src/webhook-receiver.js';
import { type CheckoutService, startCheckoutService } from './checkout-service.js';

export const FLAG = 'new-checkout';
const FLAG_API = `/api/v1/environments/production/flags/${FLAG}`;
const CONFIG_DIR = join(import.meta.dirname, '..');

/**
 * The playbook's error check, on the treatment's own requests (`{{variant}}` is `on`). `or vector(0)`:
 * with no 5xx at all the numerator has no series, and an empty result would hold the plan.
 */
export const ERROR_RATIO =
  '(sum(rate(http_requests_total{code=~"5..",flag_variant="{{variant}}"}[5s])) or vector(0)) / sum(rate(http_requests_total{flag_variant="{{variant}}"}[5s]))';

/** The plan: 5% → 25% → 50% → 100%, a step every 8 s while healthy, rolled back if 5xx > 0.5% for 2 s. */
export const PLAN = {
  steps: [5, 25, 50, 100],
  intervalSeconds: 8,
  onRegression: 'rollback',
  guards: {
    windowSeconds: 10,
    minSamples: 20,
    prometheus: [{ name: 'http-5xx', query: ERROR_RATIO, max: 0.005, forSeconds: 2 }],
  },
};

export interface CanaryResult {
  /** The plan's last decision once it rolled back. */
  rollbackReason: string;
  /** Seconds from the new path breaking to the flag at 0%. */
  rollbackSeconds: number;
  /** The Slack messages (`text`) the webhook received, in order. */
  slackMessages: string[];
  /** Whether Alertmanager's page reached the alert trigger and disabled the flag. */
  disabledByAlert: boolean;
}

export interface CanaryOptions {
  /** Where progress lines go. */
  log: (line: string) => void;
  /** The whole story must end within this; everything is stopped either way. Default 180 s. */
  timeoutMs?: number;
}

/**
 * The whole canary story with the real parts, in a temp dir on free ports: the Switchyard server
 * (embedded store), an instrumented checkout service with load, Prometheus, Alertmanager and a
 * Slack-style webhook receiver. Ramps new-checkout under a guarded plan, breaks the new code path,
 * waits for the rollback and the alert, and stops everything it started.
 */
export async function runCanaryStory({ log, timeoutMs = 180_000 }: CanaryOptions): Promise<CanaryResult> {
  const deadline = Date.now() + timeoutMs;
  const dir = await mkdtemp(join(tmpdir(), 'switchyard-canary-'));
  const stops: (() => Promise<unknown>)[] = [];
  let load: NodeJS.Timeout | undefined;
  try {
    const service: CheckoutService = await startCheckoutService(FLAG);
    stops.push(() => service.close());
    log(`checkout service on ${service.url} (metrics at /metrics, labelled with the flag variant)`);

    const prometheusPort = await freePort();
    const adminToken = `canary-${randomBytes(16).toString('hex')}`;
    const server: RunningServer = await startServer({
      port: 0,
      dataDir: join(dir, 'switchyard'),
      adminToken,
      logLevel: 'error',
      prometheusUrl: `http://127.0.0.1:${prometheusPort}`,
      planTickMs: 250,
    });
    stops.push(() => server.close());
    log(`switchyard server on ${server.url} (embedded store in ${dir})`);
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${adminToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return text === '' ? undefined : JSON.parse(text);
    };

    const receiver: WebhookReceiver = await startWebhookReceiver();
    stops.push(() => receiver.close());
    const slackMessages = () =>
      receiver.received.filter((r) => r.answered === 200).map((r) => JSON.parse(r.body).text as string);
    let printed = 0;
    const printSlack = () => {
      for (const text of slackMessages().slice(printed)) log(`  slack> ${text}`);
      printed = slackMessages().length;
    };
    await api('POST', '/api/v1/webhooks', {
      url: receiver.url,
      events: ['plan.transition', 'trigger.fired'],
      environments: ['production'],
      format: 'slack',
    });
    log(`slack-style webhook receiver on ${receiver.url}`);

    await api('PUT', FLAG_API, booleanFlag(FLAG, 0));
    const trigger = await api('POST', `${FLAG_API}/triggers`, { action: 'disable' });
    const fill = async (file: string, values: Record<string, string>) =>
      (await readFile(join(CONFIG_DIR, file), 'utf8')).replace(
        /\$\{(\w+)\}/g,
        (_, k: string) => values[k] ?? '',
      );
    const alertmanager: TestMonitor = await startAlertmanager(
      await fill('alertmanager.yml', { TRIGGER_URL: `${server.url}${trigger.url}` }),
    );
    stops.push(() => alertmanager.stop());
    log(`alertmanager on ${alertmanager.url}, paging an alert trigger that disables ${FLAG}`);
    const prometheus: TestMonitor = await startPrometheus(
      await fill('prometheus.yml', {
        ALERTMANAGER: new URL(alertmanager.url).host,
        SERVICE: new URL(service.url).host,
      }),
      await readFile(join(CONFIG_DIR, 'rules.yml'), 'utf8'),
      prometheusPort,
    );
    stops.push(() => prometheus.stop());
    log(`prometheus on ${prometheus.url}, scraping the service every second`);

    const { secret } = await api('POST', '/api/v1/keys', {
      kind: 'server',
      environment: 'production',
      name: 'checkout',
    });
    const client: SwitchyardClient = createClient({ url: server.url, sdkKey: secret, flushIntervalMs: 200 });
    stops.push(() => client.close());
    await client.ready();
    service.useClient(client);
    let requests = 0;
    // About 100 checkouts a second from 5,000 users.
    load = setInterval(() => {
      for (let i = 0; i < 5; i++)
        void fetch(`${service.url}/checkout?user=user-${requests++ % 5000}`).then(
          (r) => r.arrayBuffer(),
          () => {},
        );
    }, 50);
    log('load generator: ~100 requests/s');

    const plan = async () => (await api('GET', `${FLAG_API}/plan`)).plan;
    const onPercentage = async () => {
      const flag = await api('GET', FLAG_API);
      if (!flag.enabled) return 0;
      return (
        flag.fallthrough.rollout.variants.find((v: { variant: string }) => v.variant === 'on').weight / 1000
      );
    };
    const waitFor = async (what: string, check: () => Promise<boolean>) => {
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        printSlack();
        await new Promise((r) => setTimeout(r, 250));
      }
      printSlack();
    };

    await api('PUT', `${FLAG_API}/plan`, PLAN);
    log(
      `guarded rollout started: ${PLAN.steps.join('% → ')}%, a step every ${PLAN.intervalSeconds} s while healthy`,
    );
    let shown = '';
    await waitFor('the ramp to 50%', async () => {
      const p = await plan();
      const line = `  ramp: ${FLAG} at ${PLAN.steps[p.stepIndex]}% (${p.lastDecision?.reason ?? 'started'})`;
      if (line !== shown) {
        shown = line;
        log(line);
      }
      if (p.state !== 'running')
        throw new Error(`the plan stopped early: ${p.state}: ${p.lastDecision?.reason}`);
      return p.stepIndex >= 2;
    });

    service.breakNewPath();
    const brokeAt = Date.now();
    log('regression: the new checkout path now answers 500');
    await waitFor(
      'the rollback',
      async () => (await plan()).state === 'rolled_back' && (await onPercentage()) === 0,
    );
    const rollbackSeconds = (Date.now() - brokeAt) / 1000;
    const rolledBack = await plan();
    log(`rolled back by itself after ${rollbackSeconds.toFixed(1)} s: ${rolledBack.lastDecision.reason}`);

    await waitFor('the rollback message', async () => slackMessages().some((t) => t.includes('rolled back')));
    log('waiting for the page: NewCheckoutErrors fires after 15 s, Alertmanager calls the trigger');
    await waitFor('the alert', async () => !(await api('GET', FLAG_API)).enabled);
    await waitFor('the trigger message', async () =>
      slackMessages().some((t) => t.startsWith('Alert trigger fired')),
    );
    log(`done: ${FLAG} rolled back by its Prometheus guard, then switched off by the alert`);
    return {
      rollbackReason: rolledBack.lastDecision.reason,
      rollbackSeconds,
      slackMessages: slackMessages(),
      disabledByAlert: true,
    };
  } finally {
    clearInterval(load);
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await rm(dir, { recursive: true, force: true });
  }
}
