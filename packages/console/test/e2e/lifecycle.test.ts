import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchBrowser, type TestBrowser } from '@switchyard/test-support/browser';
import { ADMIN_TOKEN, booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole } from '../support/build-console.js';

const ARTIFACTS = fileURLToPath(new URL('../../../../artifacts/console/', import.meta.url));
const ENV = 'production';
const FLAGS = `/api/v1/environments/${ENV}/flags`;
const DAY = 86_400_000;
const WAIT = { timeout: 5_000, interval: 50 };

/**
 * Flag lifecycle in the console, in Chromium against a real server whose clock (and the page's) the
 * test moves: stale flags marked and filtered, a change scheduled and applied, a flag archived and
 * brought back.
 */
describe('flag lifecycle in the console', () => {
  const START = Date.now();
  let clock = START;
  let consoleDir: string;
  let t: TestServer;
  let browser: TestBrowser;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    consoleDir = await buildConsole();
    t = await startTestServer({ consoleDir, planTickMs: 0, now: () => clock });
    await t.api(
      'PUT',
      `${FLAGS}/old-checkout`,
      booleanFlag('old-checkout', 100, { description: 'Launched long ago' }),
    );
    await t.api('PUT', `${FLAGS}/search-v2`, booleanFlag('search-v2', 20));
    const serverKey = await t.createKey('server', ENV);
    // Eight days on: search-v2 was evaluated an hour ago, old-checkout has served "on" all along.
    clock = START + 8 * DAY - 3_600_000;
    await t.api(
      'POST',
      '/sdk/v1/events',
      { metrics: [{ flag: 'search-v2', variant: 'on', evaluations: 5 }] },
      {
        token: serverKey,
      },
    );
    await t.api('GET', `${FLAGS}/search-v2/metrics?minutes=5`);
    clock = START + 8 * DAY;
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.setDefaultTimeout(5_000);
    await page.clock.setFixedTime(clock);
    await page.goto(`${t.url}/admin`);
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Flags' }).waitFor();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (consoleDir) rmSync(consoleDir, { recursive: true, force: true });
  });

  it('marks stale flags in the list and filters by them', async () => {
    const oldRow = page.getByTestId('flag-row-old-checkout');
    await oldRow.getByText('Stale: launched').waitFor();
    expect(await page.getByTestId('flag-row-search-v2').getByText(/Stale/).count()).toBe(0);
    expect(await oldRow.getByText('Stale: launched').getAttribute('title')).toMatch(
      /served "on" to everyone/,
    );

    await page.getByLabel(/Only stale flags \(1\)/).check();
    await expect.poll(() => page.locator('[data-testid^="flag-row-"]').count(), WAIT).toBe(1);
    await shot('lifecycle-01-stale-filter');
    await page.getByLabel(/Only stale flags/).uncheck();
  });

  it('schedules a ramp that the server applies at its time, and shows it done', async () => {
    await page.getByRole('link', { name: 'search-v2' }).click();
    const panel = page.locator('section', { has: page.getByRole('heading', { name: 'Scheduled changes' }) });
    await panel.getByText('Nothing scheduled').waitFor();
    // The form starts an hour ahead in the page's time zone; ask for 40%.
    await panel.getByLabel('Percentage').fill('40');
    await panel.getByRole('button', { name: 'Schedule change' }).click();
    await panel.getByTestId('schedule-pending').getByText('Roll out to 40%').waitFor();
    await shot('lifecycle-02-scheduled');
    const [pending] = (await t.api('GET', `${FLAGS}/search-v2/schedules`)).body.schedules;
    expect(Date.parse(pending.at) - clock).toBeGreaterThan(55 * 60_000);

    clock += 2 * 3_600_000;
    await t.server.app.tickSchedules();
    await panel.getByTestId('schedule-done').waitFor();
    await expect.poll(() => page.getByTestId('percentage').textContent(), WAIT).toBe('40%');
  });

  it('refuses a time in the past before sending it', async () => {
    const panel = page.locator('section', { has: page.getByRole('heading', { name: 'Scheduled changes' }) });
    await panel.getByLabel('When (your time zone)').fill('2020-01-01T09:00');
    await panel.getByRole('button', { name: 'Schedule change' }).click();
    await panel.getByRole('alert').getByText('Pick a time in the future.').waitFor();
    expect((await t.api('GET', `${FLAGS}/search-v2/schedules`)).body.schedules).toHaveLength(1);
  });

  it('archives a flag into the archived list and brings it back', async () => {
    await page.getByRole('button', { name: 'Archive flag' }).click();
    await page
      .getByRole('dialog', { name: 'Archive search-v2?' })
      .getByRole('button', { name: 'Archive' })
      .click();
    await page.getByRole('heading', { name: 'Archived flags' }).waitFor();
    await page.getByTestId('archived-search-v2').waitFor();
    await shot('lifecycle-03-archived');
    expect((await t.api('GET', `${FLAGS}/search-v2`)).body.archived).toBe(true);

    await page.getByRole('button', { name: 'Unarchive search-v2' }).click();
    await page.getByText(`No archived flags in ${ENV}`).waitFor();
    await page.getByRole('link', { name: '← Flags' }).click();
    await page.getByTestId('flag-row-search-v2').waitFor();
    expect((await t.api('GET', `${FLAGS}/search-v2`)).body.archived).toBeUndefined();
  });
});
