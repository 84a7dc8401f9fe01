import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LATENCY_BUCKETS_MS } from '@switchyard/shared';
import { launchBrowser, type TestBrowser } from '@switchyard/test-support/browser';
import { ADMIN_TOKEN, booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole } from '../support/build-console.js';

const ARTIFACTS = fileURLToPath(new URL('../../../../artifacts/console/', import.meta.url));
const ENV = 'production';
const KEY = 'checkout-v2';
const FLAG_API = `/api/v1/environments/${ENV}/flags/${KEY}`;
const WAIT = { timeout: 5_000, interval: 50 };
/** Longer than one poll of a running plan (5 s), for changes that do not come through the stream. */
const POLL_WAIT = { timeout: 9_000, interval: 100 };

/**
 * A guarded rollout driven from the console in Chromium against a real server. The server's plans
 * move only when the test ticks them, on a clock the test moves; the page's clock shows the same time.
 */
describe('guarded rollout in the console', () => {
  const START = Date.now();
  let clock = START;
  let consoleDir: string;
  let t: TestServer;
  let browser: TestBrowser;
  let page: Page;
  let panel: Locator;
  let sdkKey: string;

  const shot = (name: string) => page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
  const plan = async () => (await t.api('GET', `${FLAG_API}/plan`)).body.plan;
  /** The plan form sits in a dialog behind "Start guarded rollout…". */
  const planForm = () => page.getByRole('form', { name: 'Start a guarded rollout' });
  const onWeight = async () =>
    (await t.api('GET', FLAG_API)).body.fallthrough.rollout.variants.find((v: any) => v.variant === 'on')
      .weight;
  const text = (testId: string) => () => panel.getByTestId(testId).textContent();
  /** The problems shown next to a field: the element its aria-describedby names. */
  const problemsOf = async (field: Locator) =>
    page.locator(`[id="${await field.getAttribute('aria-describedby')}"]`).textContent();
  const focused = () => page.evaluate(() => document.activeElement?.textContent);
  const currentStep = () => panel.getByRole('list', { name: 'Steps' }).locator('[aria-current="step"]');
  const decisionRows = () =>
    panel
      .getByRole('table', { name: /^Treatment and control over/ })
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((row) => [...row.children].map((cell) => cell.textContent)));

  /** Moves the server's clock and the page's together, then lets the plan runner act once. */
  async function tickAt(msAfterStart: number) {
    clock = START + msAfterStart;
    await page.clock.setFixedTime(clock);
    await t.server.app.tickPlans();
  }

  function histogram(count: number, ms: number) {
    const counts = new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0);
    counts[LATENCY_BUCKETS_MS.indexOf(ms as (typeof LATENCY_BUCKETS_MS)[number])] = count;
    return { counts, sumMs: count * ms };
  }

  /** What a service's SDK reports for the flag, through the events endpoint with a server key. */
  async function report(on: Record<string, unknown>, off: Record<string, unknown>) {
    const sent = await t.api(
      'POST',
      '/sdk/v1/events',
      {
        metrics: [
          { flag: KEY, variant: 'on', ...on },
          { flag: KEY, variant: 'off', ...off },
        ],
      },
      { token: sdkKey },
    );
    expect(sent.status).toBeLessThan(300);
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    consoleDir = await buildConsole();
    t = await startTestServer({ consoleDir, planTickMs: 0, now: () => clock });
    await t.api('PUT', FLAG_API, booleanFlag(KEY, 0, { description: 'Second checkout flow' }));
    sdkKey = await t.createKey('server', ENV);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.setDefaultTimeout(5_000);
    await page.clock.setFixedTime(clock);
    await page.goto(`${t.url}/admin`);
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Flags' }).waitFor();
    await page.goto(`${t.url}/admin/${ENV}/flags/${KEY}`);
    panel = page.getByRole('region', { name: 'Guarded rollout' });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (consoleDir) rmSync(consoleDir, { recursive: true, force: true });
  });

  it('offers a plan with the default guards, and checks it in the browser before sending it', async () => {
    await panel.getByRole('button', { name: 'Start guarded rollout…' }).click();
    const form = planForm();
    expect(await form.getByLabel('Steps (% of users, increasing)').inputValue()).toBe('1, 5, 25, 50, 100');
    expect(
      await form.getByRole('button', { name: '1% → 5% → 25% → 50% → 100%' }).getAttribute('aria-pressed'),
    ).toBe('true');
    expect(await form.getByLabel('Interval at each step', { exact: true }).inputValue()).toBe('10');
    expect(await form.getByLabel('Interval at each step unit').inputValue()).toBe('minutes');
    expect(await form.getByLabel('Max error rate (%)').inputValue()).toBe('1');
    expect(await form.getByLabel('Max error rate vs control (×)').inputValue()).toBe('2');
    expect(await form.getByLabel('Max p95 latency vs control (×)').inputValue()).toBe('2');
    expect(await form.getByLabel('Window', { exact: true }).inputValue()).toBe('2');
    expect(await form.getByLabel('Window unit').inputValue()).toBe('minutes');
    expect(await form.getByLabel('Min evaluations per side').inputValue()).toBe('200');
    expect(await form.getByLabel('Roll back to 0%').isChecked()).toBe(true);

    const steps = form.getByLabel('Steps (% of users, increasing)');
    const interval = form.getByLabel('Interval at each step', { exact: true });
    const maxErrorRate = form.getByLabel('Max error rate (%)');
    await steps.fill('5, 5, 100');
    await interval.fill('0');
    await maxErrorRate.fill('150');
    await form.getByRole('button', { name: 'Start guarded rollout' }).click();
    // The shared schema's messages, next to their fields, before anything is sent.
    await expect.poll(() => steps.getAttribute('aria-invalid'), WAIT).toBe('true');
    expect(await problemsOf(steps)).toBe('step 2: steps must increase');
    expect(await problemsOf(interval)).toBe('Too small: expected number to be >=1 (in seconds)');
    expect(await problemsOf(maxErrorRate)).toBe('A percentage is at most 100');
    expect(await form.getByLabel('Window', { exact: true }).getAttribute('aria-invalid')).toBeNull();
    await form.getByRole('alert').filter({ hasText: 'Not started: 3 problems to fix' }).waitFor();
    await shot('10-plan-form-problems');
    expect((await t.api('GET', `${FLAG_API}/plan`)).body).toEqual({ plan: null });
    expect(await onWeight()).toBe(0);
  });

  it('starts the plan and shows it running at its first step', async () => {
    const form = planForm();
    await form.getByRole('button', { name: '1% → 5% → 25% → 50% → 100%' }).click();
    await form.getByLabel('Interval at each step', { exact: true }).fill('10');
    await form.getByLabel('Max error rate (%)').fill('1');
    await form.getByLabel('Min evaluations per side').fill('50');
    await form.getByRole('button', { name: 'Start guarded rollout' }).click();

    await expect.poll(text('plan-state'), WAIT).toBe('Running');
    expect(await currentStep().textContent()).toBe('1%');
    await expect.poll(() => page.getByTestId('percentage').textContent(), WAIT).toBe('1%');
    expect(await text('plan-next-step')()).toMatch(/^in 10 minutes \(.+\): goes to 5% if the guards hold$/);
    expect(await text('plan-decision-action')()).toBe('Started');
    expect(await text('plan-decision-reason')()).toBe('started by SWITCHYARD_ADMIN_TOKEN at 1%');
    // Keyboard users land on the plan's first control.
    expect(await focused()).toBe('Pause');
    await shot('11-plan-running');

    expect(await plan()).toMatchObject({
      state: 'running',
      stepIndex: 0,
      steps: [1, 5, 25, 50, 100],
      intervalSeconds: 600,
      guards: { minSamples: 50, maxErrorRate: 0.01, windowSeconds: 120 },
      onRegression: 'rollback',
    });
    expect(await onWeight()).toBe(1_000);
  });

  it('pauses and resumes from the keyboard, and shows a pause made elsewhere by itself', async () => {
    await page.keyboard.press('Enter');
    await expect.poll(text('plan-state'), WAIT).toBe('Paused');
    expect(await text('plan-next-step')()).toBe('Paused: resuming starts the interval again.');
    expect((await plan()).state).toBe('paused');
    expect(await focused()).toBe('Resume');
    await shot('12-plan-paused');

    await page.keyboard.press('Enter');
    await expect.poll(text('plan-state'), WAIT).toBe('Running');
    expect((await plan()).state).toBe('running');
    expect(await focused()).toBe('Pause');

    // Paused through the API: the flag does not change, so only the page's poll can show it.
    expect((await t.api('POST', `${FLAG_API}/plan/pause`)).status).toBe(200);
    await expect.poll(text('plan-state'), POLL_WAIT).toBe('Paused');
    await panel.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(text('plan-state'), WAIT).toBe('Running');

    // Abort asks first; Escape keeps the plan running.
    await panel.getByRole('button', { name: 'Abort…' }).click();
    const dialog = page.getByRole('dialog', { name: `Abort the rollout of ${KEY}?` });
    await dialog.waitFor();
    expect(await focused()).toBe('Cancel');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect((await plan()).state).toBe('running');
  });

  it('moves to the next step when the interval is over and the guards hold', async () => {
    clock = START + 590_000;
    await report(
      { evaluations: 100, errors: 0, latency: histogram(100, 50) },
      { evaluations: 900, errors: 0, latency: histogram(900, 50) },
    );
    await tickAt(600_000);
    // The plan ramped the flag; the change comes through the stream and the panel follows it.
    await expect.poll(() => currentStep().textContent(), WAIT).toBe('5%');
    expect(await page.getByTestId('percentage').textContent()).toBe('5%');
    expect(await panel.locator('.plan-steps li.done').allTextContents()).toEqual(['1%']);
    expect(await text('plan-decision-action')()).toBe('Advanced');
    expect(await text('plan-decision-reason')()).toBe('1% → 5%: within every guard');
    expect(await decisionRows()).toEqual([
      ['Treatment (on)', '100', '0', '0.00%', '50 ms'],
      ['Control (off)', '900', '0', '0.00%', '50 ms'],
    ]);
    expect(await onWeight()).toBe(5_000);
  });

  it('rolls back by itself when the SDKs report errors, and shows why, with the numbers', async () => {
    clock = START + 620_000;
    await report(
      { evaluations: 200, errors: 20, latency: histogram(200, 250) },
      { evaluations: 1800, errors: 2, latency: histogram(1800, 50) },
    );
    await tickAt(630_000);
    await expect.poll(text('plan-state'), WAIT).toBe('Rolled back');
    // An ended plan collapses to one line; its details open on demand.
    await panel.getByText('Last plan: rolled back').click();
    expect(await panel.locator('.state-line').textContent()).toBe(
      'Rolled back at step 2 of 5 (5%): the flag was ramped to 0%',
    );
    expect(await text('plan-decision-action')()).toBe('Rolled back');
    // The window holds the healthy minute before as well: 300 evaluations with 20 errors.
    expect(await text('plan-decision-reason')()).toBe(
      'rolled back to 0%: treatment error rate 6.67% is over the limit of 1.00%',
    );
    expect(await decisionRows()).toEqual([
      ['Treatment (on)', '300', '20', '6.67%', '250 ms'],
      ['Control (off)', '2700', '2', '0.07%', '50 ms'],
    ]);
    expect(await text('plan-next-step')()).toBe('—');
    await expect.poll(() => page.getByTestId('percentage').textContent(), WAIT).toBe('0%');
    expect(await panel.getByRole('button', { name: 'Pause' }).count()).toBe(0);
    await shot('13-plan-rolled-back');

    const stored = await plan();
    expect(stored.state).toBe('rolled_back');
    expect(stored.lastDecision.treatment).toEqual({
      evaluations: 300,
      errors: 20,
      errorRate: 20 / 300,
      p95LatencyMs: 250,
    });
    expect(await onWeight()).toBe(0);
  });

  it('starts a new plan over the ended one, and aborts it after a confirmation', async () => {
    await panel.getByRole('button', { name: 'Start guarded rollout…' }).click();
    const form = planForm();
    await form.getByRole('button', { name: '10% → 50% → 100%' }).click();
    await form.getByLabel('Turn the flag off (kill switch)').check();
    await form.getByRole('button', { name: 'Start guarded rollout' }).click();
    await expect.poll(text('plan-state'), WAIT).toBe('Running');
    expect(await currentStep().textContent()).toBe('10%');
    expect(await plan()).toMatchObject({ state: 'running', steps: [10, 50, 100], onRegression: 'disable' });

    await panel.getByRole('button', { name: 'Abort…' }).click();
    const dialog = page.getByRole('dialog', { name: `Abort the rollout of ${KEY}?` });
    await dialog.getByText('The plan stops for good').waitFor();
    await dialog.getByRole('button', { name: 'Abort rollout' }).click();
    await expect.poll(text('plan-state'), WAIT).toBe('Aborted');
    expect(await focused()).toBe('Start guarded rollout…');
    expect((await plan()).state).toBe('aborted');
    // Aborting leaves the flag where the plan had it.
    expect(await onWeight()).toBe(10_000);
    await expect.poll(() => page.getByTestId('percentage').textContent(), WAIT).toBe('10%');
  });
});
