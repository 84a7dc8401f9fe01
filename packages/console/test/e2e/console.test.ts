import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchBrowser, type TestBrowser } from '@switchyard/test-support/browser';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '@switchyard/test-support/server';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole } from '../support/build-console.js';

const ARTIFACTS = fileURLToPath(new URL('../../../../artifacts/console/', import.meta.url));
const ENV = 'production';
const KEY = 'checkout-v2';
const FLAG_API = `/api/v1/environments/${ENV}/flags/${KEY}`;
const WAIT = { timeout: 5_000, interval: 50 };

/** The admin console in Chromium against a real server: what a product manager does, checked twice. */
describe('admin console', () => {
  let consoleDir: string;
  let t: TestServer;
  let browser: TestBrowser;
  let page: Page;
  const cspConsoleErrors: string[] = [];

  const shot = (name: string) => page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
  const flag = async () => (await t.api('GET', FLAG_API)).body;
  const onWeight = (f: any) => f.fallthrough.rollout.variants.find((v: any) => v.variant === 'on').weight;
  const text = (testId: string) => () => page.getByTestId(testId).textContent();
  const history = (version: number) => page.getByTestId(`version-${version}`);
  /** Production is critical: every change waits in "Review and apply" until it is applied there. */
  const reviewAndApply = async (title: string, reason?: string) => {
    const dialog = page.getByRole('dialog', { name: `Review: ${title}` });
    await dialog.waitFor();
    if (reason !== undefined)
      await dialog.getByLabel('Reason (optional, kept in the audit log)').fill(reason);
    await dialog.getByRole('button', { name: 'Apply in Production' }).click();
    await dialog.waitFor({ state: 'hidden' });
  };
  const ramp = async (percentage: number) => {
    await page.getByRole('button', { name: `${percentage}%`, exact: true }).click();
    await page.getByRole('button', { name: `Review and apply ${percentage}%…` }).click();
    await reviewAndApply(`Ramp ${KEY} to ${percentage}%`);
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    consoleDir = await buildConsole();
    t = await startTestServer({ consoleDir });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.setDefaultTimeout(5_000);
    // Whatever the server's Content-Security-Policy blocks is recorded, for the last test to check.
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) =>
        seen.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspConsoleErrors.push(message.text());
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (consoleDir) rmSync(consoleDir, { recursive: true, force: true });
  });

  it('refuses a wrong token with the server message, then signs in and lists the environment', async () => {
    await page.goto(`${t.url}/admin`);
    await page.getByLabel('Admin token').fill('not-a-real-token-123456');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Unknown or revoked API key' }).waitFor();
    await shot('01-sign-in-refused');

    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Flags' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/admin/${ENV}/flags`);
    expect(await page.getByLabel('Environment').inputValue()).toBe(ENV);
    await expect.poll(text('live-status'), WAIT).toBe('Live');
    expect(await page.evaluate(() => sessionStorage.getItem('switchyard.adminToken'))).toBe(ADMIN_TOKEN);
  });

  it('creates a boolean flag that nobody gets yet', async () => {
    await page.getByRole('button', { name: 'New flag' }).click();
    const dialog = page.getByRole('dialog', { name: `New flag in ${ENV}` });
    await dialog.getByLabel('Key').fill('not a key!');
    await dialog.getByRole('button', { name: 'Create flag' }).click();
    // The shared schema's message, next to the field, before anything is sent.
    await dialog.locator('.field-problems').filter({ hasText: 'must be 1-128 characters' }).first().waitFor();
    expect((await t.api('GET', `/api/v1/environments/${ENV}/flags`)).body.flags).toHaveLength(0);

    await dialog.getByLabel('Key').fill(KEY);
    expect(await dialog.getByLabel('Type').inputValue()).toBe('boolean');
    await dialog.getByLabel('Description').fill('Second checkout flow');
    await dialog.getByLabel('Tags (comma-separated)').fill('checkout, payments');
    await dialog.getByRole('button', { name: 'Create flag' }).click();
    await page.getByRole('heading', { name: KEY, level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/admin/${ENV}/flags/${KEY}`);
    await expect.poll(text('percentage'), WAIT).toBe('0%');

    const created = await flag();
    expect(created).toMatchObject({
      type: 'boolean',
      enabled: true,
      version: 1,
      tags: ['checkout', 'payments'],
    });
    expect(onWeight(created)).toBe(0);
  });

  it('ramps 5% → 25% and shows both versions in the history, with what changed', async () => {
    await ramp(5);
    await expect.poll(text('percentage'), WAIT).toBe('5%');
    expect(onWeight(await flag())).toBe(5_000);

    await ramp(25);
    await expect.poll(text('percentage'), WAIT).toBe('25%');
    expect(await page.getByRole('button', { name: '25%', exact: true }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    const ramped = await flag();
    expect(ramped.version).toBe(3);
    expect(onWeight(ramped)).toBe(25_000);

    await history(3).filter({ hasText: 'Percentage 5% → 25%' }).waitFor();
    await history(2).filter({ hasText: 'Percentage 0% → 5%' }).waitFor();
    await history(1).filter({ hasText: 'Created' }).waitFor();
    // Who did it, in words, on each version's entry.
    await history(3)
      .getByRole('heading', { name: /ramped · version 3/ })
      .waitFor();
    await history(1)
      .getByRole('heading', { name: /created · version 1/ })
      .waitFor();
    await shot('02-flag-ramped-history');

    // Exact entry, to the thousandth of a percent; bad input is caught before it is sent.
    await page.getByLabel('Exact percentage').fill('12.3456');
    await page.getByRole('button', { name: 'Choose' }).click();
    await page.getByText('At most 3 decimals').waitFor();
    expect((await flag()).version).toBe(3);
  });

  it('restores the 5% version as the newest one', async () => {
    await page.getByRole('button', { name: 'Restore version 2' }).click();
    const dialog = page.getByRole('dialog', { name: `Review: Restore version 2 of ${KEY}` });
    await dialog.getByText('Percentage 25% → 5%').waitFor();
    await dialog.getByText('About 20% of users lose the feature.').waitFor();
    await reviewAndApply(`Restore version 2 of ${KEY}`);
    await expect.poll(text('percentage'), WAIT).toBe('5%');
    await expect.poll(text('flag-version'), WAIT).toBe('version 4');
    await history(4)
      .filter({ hasText: 'Restored version 2' })
      .filter({ hasText: 'Percentage 25% → 5%' })
      .waitFor();

    const restored = await flag();
    expect(restored.version).toBe(4);
    expect(onWeight(restored)).toBe(5_000);
  });

  it('asks before the kill switch (Escape cancels, Tab stays in the dialog), then turns the flag off', async () => {
    const killSwitch = page.getByRole('button', { name: 'Turn off (kill switch)…' });
    await killSwitch.click();
    const dialog = page.getByRole('dialog', { name: `Review: Turn off ${KEY}` });
    await dialog.waitFor();
    await dialog.getByText('About 5% of users lose the feature.').waitFor();
    // The safe choice has the focus; Tab and Shift+Tab cycle within the dialog.
    const active = () =>
      page.evaluate(() => document.activeElement?.textContent || document.activeElement?.tagName);
    expect(await active()).toBe('Cancel');
    await page.keyboard.press('Tab');
    expect(await active()).toBe('Apply in Production');
    await page.keyboard.press('Tab');
    expect(await active()).toBe('TEXTAREA');
    await page.keyboard.press('Shift+Tab');
    expect(await active()).toBe('Apply in Production');
    await shot('03-kill-switch-confirmation');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Turn off (kill switch)…');
    expect((await flag()).enabled).toBe(true);

    await killSwitch.click();
    await reviewAndApply(`Turn off ${KEY}`, 'Checkout errors in the EU');
    await expect.poll(text('flag-state'), WAIT).toBe('Off');
    const audit = (await t.api('GET', `/api/v1/audit?environment=${ENV}&flag=${KEY}&limit=1`)).body.entries;
    expect(audit[0]).toMatchObject({ action: 'flag.disable', reason: 'Checkout errors in the EU' });
    await history(5).filter({ hasText: 'Turned off (kill switch)' }).waitFor();
    expect(await flag()).toMatchObject({ enabled: false, version: 5 });
  });

  it('updates by itself when the flag is ramped through the API', async () => {
    const res = await t.api('POST', `${FLAG_API}/rollout`, { percentage: 50 });
    expect(res.status).toBe(200);
    await expect.poll(text('percentage'), WAIT).toBe('50%');
    await expect.poll(text('flag-version'), WAIT).toBe('version 6');
    await history(6).filter({ hasText: 'Percentage 5% → 50%' }).waitFor();
    await shot('04-live-update');

    // A reload keeps the session (sessionStorage) and the page (the server answers with the app).
    await page.reload();
    await page.getByRole('heading', { name: KEY, level: 1 }).waitFor();
    await expect.poll(text('percentage'), WAIT).toBe('50%');
    await expect.poll(text('live-status'), WAIT).toBe('Live');
  });

  it('shows a conflict for an edit made on a version changed behind its back, and never overwrites it', async () => {
    await page.getByRole('button', { name: 'Edit targets' }).click();
    // The form takes the focus when it opens (keyboard users need not hunt for it).
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Add target');
    await page.keyboard.press('Enter');
    const target = page.getByRole('group', { name: 'Target 1' });
    await target.getByLabel('Variant').selectOption('on');
    await target.getByLabel('User ids (one per line)').fill('alice\nbob');

    expect((await t.api('POST', `${FLAG_API}/rollout`, { percentage: 10 })).status).toBe(200);
    await page.getByText('Changed elsewhere while you were editing').waitFor();
    await page.getByRole('button', { name: 'Save targets' }).click();
    await reviewAndApply(`Save the targets of ${KEY}`);
    const conflict = page.getByRole('alert').filter({ hasText: 'was changed elsewhere, now at version 7' });
    await conflict.waitFor();
    await shot('05-conflict');
    expect(await flag()).toMatchObject({ version: 7 });
    expect((await flag()).targets ?? []).toEqual([]);

    await conflict.getByRole('button', { name: 'Reload' }).click();
    await conflict.waitFor({ state: 'hidden' });
    await page.getByText('No targets. A target serves a variant to users you name by id').waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Edit targets');
    await expect.poll(text('percentage'), WAIT).toBe('10%');

    // Made again on the current version, the same edit goes through.
    await page.getByRole('button', { name: 'Edit targets' }).click();
    await page.getByRole('button', { name: 'Add target' }).click();
    await target.getByLabel('Variant').selectOption('on');
    await target.getByLabel('User ids (one per line)').fill('alice\nbob');
    await page.getByRole('button', { name: 'Save targets' }).click();
    await reviewAndApply(`Save the targets of ${KEY}`);
    await page.getByText('on: alice, bob').waitFor();
    expect(await flag()).toMatchObject({
      version: 8,
      targets: [{ variant: 'on', values: ['alice', 'bob'] }],
    });
  });

  it('checks a rule with the shared schema in the browser and shows the problem next to the field', async () => {
    await page.getByRole('button', { name: 'Edit rules' }).click();
    await page.getByRole('button', { name: 'Add rule' }).click();
    const rule = page.getByRole('group', { name: 'Rule 1' });
    await rule.getByLabel('Attribute').fill('age');
    await rule.getByLabel('Operator').selectOption('lt');
    await rule.getByLabel('Values (one per line)').fill('eighteen');
    await rule.getByRole('group', { name: 'Serve' }).getByLabel('One variant').check();
    await rule.getByLabel('Variant', { exact: true }).selectOption('on');
    await page.getByRole('button', { name: 'Save rules' }).click();

    const values = rule.getByLabel('Values (one per line)');
    await expect.poll(() => values.getAttribute('aria-invalid'), WAIT).toBe('true');
    const problemId = await values.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${problemId}"]`).textContent()).toContain('"lt" needs finite numbers');
    await shot('06-rule-validation');
    expect((await flag()).version).toBe(8);

    await values.fill('18');
    await page.getByRole('button', { name: 'Save rules' }).click();
    await reviewAndApply(`Save the rules of ${KEY}`);
    await page.getByText('if age lt 18 → serve on', { exact: true }).waitFor();
    const saved = await flag();
    expect(saved.version).toBe(9);
    expect(saved.rules).toEqual([
      { clauses: [{ attribute: 'age', op: 'lt', values: [18] }], serve: { variant: 'on' } },
    ]);
    await history(9).filter({ hasText: 'Rule 1 added: if age lt 18 → serve on' }).waitFor();
  });

  it('charts the evaluations and errors SDKs report, per variant', async () => {
    const serverKey = await t.createKey('server', ENV);
    const sent = await t.api(
      'POST',
      '/sdk/v1/events',
      {
        metrics: [
          { flag: KEY, variant: 'on', evaluations: 40, errors: 2 },
          { flag: KEY, variant: 'off', evaluations: 60, errors: 0 },
        ],
      },
      { token: serverKey },
    );
    expect(sent.status).toBeLessThan(300);
    // Open the page afresh: the list, then the flag, as a product manager would.
    await page.getByRole('link', { name: '← Flags' }).click();
    const row = page.getByTestId(`flag-row-${KEY}`);
    await row
      .filter({ hasText: 'Everyone gets "off" (off; when on: 10% on + 2 targets + 1 rule)' })
      .filter({ hasText: 'v9' })
      .waitFor();
    // The flag page reads in evaluation order, the default greyed out while the flag is off.
    await row.getByRole('link', { name: KEY }).click();
    await page.getByTestId('when-off').filter({ hasText: 'When off, serve "off".' }).waitFor();
    const everyoneElse = page.getByTestId('everyone-else');
    await everyoneElse.filter({ hasText: 'Everyone else: 10% on' }).waitFor();
    await everyoneElse
      .filter({ hasText: 'Not served while the flag is off: everyone gets "off".' })
      .waitFor();
    expect(await everyoneElse.getAttribute('class')).toContain('inactive');
    const order = await page.locator('.column').first().locator('section.card h2').allTextContents();
    expect(order.slice(0, 4)).toEqual(['Kill switch', 'Targets', 'Rules', 'Everyone else: 10% on']);
    await shot('14-flag-off-evaluation-order');
    await page.getByRole('link', { name: '← Flags' }).click();
    await page.getByLabel('Search by key, tag or description').fill('payments');
    await row.waitFor();
    await page.getByLabel('Search by key, tag or description').fill('nothing-like-it');
    await page.getByText('No flag matches').waitFor();
    await page.getByLabel('Search by key, tag or description').fill('');
    await shot('07-flag-list');
    await row.getByRole('link', { name: KEY }).click();

    const totals = page.getByRole('table', { name: /Totals over the last 60 minutes/ });
    await totals.getByRole('row', { name: /on 40 2 5\.00%/ }).waitFor();
    await totals.getByRole('row', { name: /off 60 0 0\.00%/ }).waitFor();
    expect(await page.locator('figure.chart svg polyline').count()).toBe(4);
    await shot('08-flag-page-metrics');
  });

  it('creates a segment with members and a rule, checked like a flag', async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Segments' }).click();
    await page.getByLabel('New segment key').fill('beta-testers');
    await page.getByRole('button', { name: 'Create segment' }).click();
    const form = page.getByRole('form', { name: 'Edit segment' });
    await form.getByLabel('Included user ids (one per line)').fill('alice\ncarol');
    await form.getByRole('button', { name: 'Add rule' }).click();
    const clause = form.getByRole('group', { name: 'Clause 1' });
    // Segment rules cannot refer to segments: the operator is not offered.
    expect(await clause.getByLabel('Operator').locator('option[value="inSegment"]').count()).toBe(0);
    await clause.getByLabel('Operator').selectOption('semverGte');
    await clause.getByLabel('Attribute').fill('appVersion');
    await clause.getByLabel('Values (one per line)').fill('two');
    await form.getByRole('button', { name: 'Create segment' }).click();
    await form.getByText('"semverGte" needs semantic versions').first().waitFor();
    expect((await t.api('GET', `/api/v1/environments/${ENV}/segments/beta-testers`)).status).toBe(404);

    await clause.getByLabel('Values (one per line)').fill('2.1');
    await form.getByRole('button', { name: 'Create segment' }).click();
    await page.getByText('appVersion semverGte "2.1"').waitFor();
    const saved = (await t.api('GET', `/api/v1/environments/${ENV}/segments/beta-testers`)).body;
    expect(saved).toMatchObject({
      version: 1,
      included: ['alice', 'carol'],
      rules: [{ clauses: [{ attribute: 'appVersion', op: 'semverGte', values: ['2.1'] }] }],
    });
    await shot('09-segment');
  });

  it('runs under the Content-Security-Policy of the server without a single violation', async () => {
    const res = await page.goto(`${t.url}/admin`);
    const csp = res?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    await page.getByRole('heading', { name: 'Flags' }).waitFor();
    expect(
      await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
    ).toEqual([]);
    expect(cspConsoleErrors).toEqual([]);
  });
});
