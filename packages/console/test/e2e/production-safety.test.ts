import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchBrowser, type TestBrowser } from '@switchyard/test-support/browser';
import { ADMIN_TOKEN, booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole } from '../support/build-console.js';

const ARTIFACTS = fileURLToPath(new URL('../../../../artifacts/console/', import.meta.url));
const KEY = 'new-search';
const api = (env: string) => `/api/v1/environments/${env}/flags/${KEY}`;
const WAIT = { timeout: 5_000, interval: 50 };

/**
 * Safe changes to production: nothing a preset or Enter does writes; a critical environment reviews
 * every change (the diff in words, the users it moves, a reason for the audit log); Undo; the banner.
 */
describe('safe changes to production', () => {
  let consoleDir: string;
  let t: TestServer;
  let browser: TestBrowser;
  let page: Page;

  const shot = (name: string) => page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
  const flag = async (env: string) => (await t.api('GET', api(env))).body;
  const onWeight = (f: any) => f.fallthrough.rollout.variants.find((v: any) => v.variant === 'on').weight;
  const percentage = () => page.getByTestId('percentage').textContent();

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    consoleDir = await buildConsole();
    t = await startTestServer({ consoleDir });
    await t.api('PUT', api('development'), booleanFlag(KEY, 0, { description: 'Search v2' }));
    await t.api('PUT', api('production'), booleanFlag(KEY, 5, { description: 'Search v2' }));
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.setDefaultTimeout(5_000);
    await page.goto(`${t.url}/admin`, { timeout: 30_000 });
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Flags' }).waitFor();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (consoleDir) rmSync(consoleDir, { recursive: true, force: true });
  });

  it('in development: a preset or Enter only chooses, Apply writes, and Undo takes it back', async () => {
    await page.goto(`${t.url}/admin/development/flags/${KEY}`, { timeout: 30_000 });
    await expect.poll(percentage, WAIT).toBe('0%');
    expect(await page.getByTestId('env-banner').textContent()).toBe('Development · changes apply at once');

    await page.getByRole('button', { name: '50%', exact: true }).click();
    await page.getByLabel('Exact percentage').fill('20');
    await page.getByLabel('Exact percentage').press('Enter');
    await page.getByText('nothing is changed until you apply it').waitFor();
    expect(await flag('development')).toMatchObject({ version: 1 });
    expect(await percentage()).toBe('0%');

    await page.getByRole('button', { name: 'Apply 20%' }).click();
    await expect.poll(percentage, WAIT).toBe('20%');
    expect(onWeight(await flag('development'))).toBe(20_000);
    const undo = page.getByTestId('undo-notice');
    await undo.getByText(`Applied: Ramp ${KEY} to 20% (version 2).`).waitFor();
    await shot('20-development-applied-undo');

    await undo.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(percentage, WAIT).toBe('0%');
    expect(await flag('development')).toMatchObject({ version: 3 });
    expect(onWeight(await flag('development'))).toBe(0);
    await page.getByTestId('version-3').filter({ hasText: 'Restored version 1' }).waitFor();
  });

  it('switching environment keeps the flag, and production says so in red on every page', async () => {
    await page.getByLabel('Environment').selectOption('production');
    await page.waitForURL(`**/admin/production/flags/${KEY}`);
    await expect.poll(percentage, WAIT).toBe('5%');
    const banner = page.getByTestId('env-banner');
    expect(await banner.textContent()).toBe(
      'Production · critical environment: changes reach real users; each one is reviewed before it is applied',
    );
    expect(await banner.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(180, 35, 24)');
  });

  it('in production: Apply opens a review with the diff in words and the users moved; Cancel writes nothing', async () => {
    await page.getByRole('button', { name: '25%', exact: true }).click();
    await page.getByRole('button', { name: 'Review and apply 25%…' }).click();
    const dialog = page.getByRole('dialog', { name: `Review: Ramp ${KEY} to 25%` });
    await dialog.getByText('Percentage 5% → 25%').waitFor();
    expect(await dialog.getByTestId('users-moved').textContent()).toBe('About 20% of users get the feature.');
    // Enter on the focused Cancel button: the safe choice.
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    expect(await flag('production')).toMatchObject({ version: 1 });

    await page.getByRole('button', { name: 'Review and apply 25%…' }).click();
    await dialog.getByLabel('Reason (optional, kept in the audit log)').fill('Latency flat for 24 h at 5%');
    await shot('21-production-review');
    await dialog.getByRole('button', { name: 'Apply in Production' }).click();
    await expect.poll(percentage, WAIT).toBe('25%');
    const entries = (await t.api('GET', `/api/v1/audit?environment=production&flag=${KEY}&limit=1`)).body
      .entries;
    expect(entries[0]).toMatchObject({ action: 'flag.rollout', reason: 'Latency flat for 24 h at 5%' });
    await page
      .getByRole('region', { name: 'History' })
      .getByText('Reason: “Latency flat for 24 h at 5%”')
      .waitFor();

    await page.getByTestId('undo-notice').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(percentage, WAIT).toBe('5%');
    expect(onWeight(await flag('production'))).toBe(5_000);
    const undone = (await t.api('GET', `/api/v1/audit?environment=production&flag=${KEY}&limit=1`)).body
      .entries[0];
    expect(undone).toMatchObject({ action: 'flag.restore', reason: `Undo: Ramp ${KEY} to 25%` });
  });

  it('a guarded rollout starts at or above the current percentage, and says so before lowering it', async () => {
    expect((await t.api('POST', `${api('production')}/rollout`, { percentage: 25 })).status).toBe(200);
    await expect.poll(percentage, WAIT).toBe('25%');
    await page.getByRole('button', { name: 'Start guarded rollout…' }).click();
    const form = page.getByRole('form', { name: 'Start a guarded rollout' });
    expect(await form.getByLabel('Steps (% of users, increasing)').inputValue()).toBe('25, 50, 100');
    expect(await form.getByTestId('plan-starts-now').textContent()).toBe(
      `Starting sets ${KEY} to 25% at once and turns it on (it serves 25% now); then it moves one step per interval while the guards hold.`,
    );
    await form.getByLabel('Steps (% of users, increasing)').fill('1, 5, 100');
    await form.getByRole('alert').filter({ hasText: 'below the 25% served now' }).waitFor();
    expect(await form.getByTestId('plan-starts-now').textContent()).toContain(
      'starting takes about 24% of users off the feature at once',
    );
    await form.getByRole('button', { name: 'Lower to 1% and start' }).waitFor();
    await shot('22-plan-dialog-lowering');
    await form.getByRole('button', { name: 'Cancel' }).click();
    expect((await t.api('GET', `${api('production')}/plan`)).body).toEqual({ plan: null });
    expect(onWeight(await flag('production'))).toBe(25_000);
  });

  it('shows a refused save next to Save and moves the focus there', async () => {
    await page.goto(`${t.url}/admin/development/flags/${KEY}`, { timeout: 30_000 });
    await page.getByRole('button', { name: 'Edit targets' }).click();
    await page.getByRole('button', { name: 'Add target' }).click();
    await page.getByRole('group', { name: 'Target 1' }).getByLabel('User ids (one per line)').fill('ada');
    expect((await t.api('POST', `${api('development')}/rollout`, { percentage: 3 })).status).toBe(200);
    await page.getByRole('button', { name: 'Save targets' }).click();
    const notice = page.getByTestId('write-notice');
    await notice.filter({ hasText: 'was changed elsewhere' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'write-notice',
    );
    // Right above the Save button that was pressed, not at the top of the page.
    expect(await notice.evaluate((el) => el.nextElementSibling?.className)).toBe('form-actions');
    await shot('23-conflict-next-to-save');
    await notice.getByRole('button', { name: 'Reload' }).click();
  });

  it('asks to sign in again when the token is refused mid-action, then retries the action', async () => {
    const created = await t.api('POST', '/api/v1/keys', { kind: 'admin', name: 'pm laptop' });
    await page.evaluate(
      (secret) => sessionStorage.setItem('switchyard.adminToken', secret),
      created.body.secret,
    );
    await page.reload({ timeout: 30_000 });
    await expect.poll(percentage, WAIT).toBe('3%');
    // Revoking a key also ends its admin stream, whose reconnect would ask to sign in at once; keep the
    // stream away so that the write is what meets the 401.
    await page.route('**/stream**', (route) => route.abort());
    expect((await t.api('DELETE', `/api/v1/keys/${created.body.id}`)).status).toBe(204);

    await page.getByRole('button', { name: '10%', exact: true }).click();
    await page.getByRole('button', { name: 'Apply 10%' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign in again' });
    await dialog.getByText('The server refused the admin token').waitFor();
    expect(await flag('development')).toMatchObject({ version: 4 });
    await dialog.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await shot('24-sign-in-again');
    await dialog.getByRole('button', { name: 'Sign in and retry' }).click();
    await page.unroute('**/stream**');
    await expect.poll(percentage, WAIT).toBe('10%');
    expect(onWeight(await flag('development'))).toBe(10_000);
    expect(await page.evaluate(() => sessionStorage.getItem('switchyard.adminToken'))).toBe(ADMIN_TOKEN);
  });

  it('builds a segment rule by picking the segment, with attribute names suggested from the environment', async () => {
    await t.api('PUT', '/api/v1/environments/development/segments/beta-testers', { included: ['ada'] });
    await t.api(
      'PUT',
      '/api/v1/environments/development/flags/pricing',
      booleanFlag('pricing', 0, {
        rules: [{ clauses: [{ attribute: 'plan', op: 'in', values: ['pro'] }], serve: { variant: 'on' } }],
      }),
    );
    await page.getByRole('button', { name: 'Edit rules' }).click();
    await page.getByRole('button', { name: 'Add rule' }).click();
    const rule = page.getByRole('group', { name: 'Rule 1' });
    const suggested = await rule
      .locator('datalist option')
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(suggested).toEqual(['plan', 'userId']);
    await rule.getByLabel('Operator').selectOption('inSegment');
    await rule.getByRole('group', { name: 'Segments' }).getByLabel('beta-testers').check();
    await rule.getByRole('group', { name: 'Serve' }).getByLabel('One variant').check();
    await rule.getByLabel('Variant', { exact: true }).selectOption('on');
    await shot('25-segment-picker');
    await page.getByRole('button', { name: 'Save rules' }).click();
    await page
      .getByRole('region', { name: 'Rules' })
      .getByText('if in segment "beta-testers" → serve on')
      .waitFor();
    expect((await flag('development')).rules).toEqual([
      { clauses: [{ op: 'inSegment', values: ['beta-testers'] }], serve: { variant: 'on' } },
    ]);
  });
});
