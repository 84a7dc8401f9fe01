import { rmSync } from 'node:fs';
import { launchBrowser, type TestBrowser } from '@switchyard/test-support/browser';
import { ADMIN_TOKEN, booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole } from '../support/build-console.js';

const FLAG_API = '/api/v1/environments/production/flags/checkout-alerts';
const WAIT = { timeout: 5_000, interval: 50 };

/** Alert triggers in the console, in Chromium against a real server. */
describe('alert triggers in the console', () => {
  let consoleDir: string;
  let t: TestServer;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    consoleDir = await buildConsole();
    t = await startTestServer({ consoleDir });
    await t.api('PUT', FLAG_API, booleanFlag('checkout-alerts', 30));
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.setDefaultTimeout(5_000);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (consoleDir) rmSync(consoleDir, { recursive: true, force: true });
  });

  it('creates a trigger, shows its URL once, lists it, and shows the alert that fired it in the audit log', async () => {
    await page.goto(`${t.url}/admin`);
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'checkout-alerts' }).click();
    const panel = page.getByRole('region', { name: 'Alert triggers' });
    await panel.getByText('No triggers.').waitFor();

    await panel.getByLabel('When an alert fires').selectOption('rollout');
    await panel.getByLabel('Ramp to (%)').fill('0');
    await panel.getByRole('button', { name: 'Create trigger' }).click();
    const url = (await panel.getByTestId('trigger-url').textContent()) as string;
    expect(url).toMatch(new RegExp(`^${t.url}/hooks/v1/triggers/sy_trigger_`));
    await expect.poll(() => panel.getByTestId('trigger-row').count(), WAIT).toBe(1);
    expect(await panel.getByTestId('trigger-row').textContent()).toContain('ramps to 0%');
    expect((await t.api('GET', `${FLAG_API}/triggers`)).body.triggers).toHaveLength(1);

    const fired = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        version: '4',
        status: 'firing',
        alerts: [],
        commonLabels: { alertname: 'CheckoutErrors' },
      }),
    });
    expect(await fired.json()).toMatchObject({ applied: true });
    await expect.poll(() => page.getByTestId('percentage').textContent(), WAIT).toBe('0%');
    await page.getByText('Alert: alertname=CheckoutErrors').waitFor();

    await panel.getByRole('button', { name: 'Delete' }).click();
    await panel.getByText('No triggers.').waitFor();
    expect((await t.api('GET', `${FLAG_API}/triggers`)).body.triggers).toEqual([]);
  }, 60_000);
});
