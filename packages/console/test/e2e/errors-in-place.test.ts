import { ADMIN_TOKEN, booleanFlag, type TestServer } from '@switchyard/test-support/server';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleSession, openConsole } from '../support/console-session.js';

const KEY = 'new-search';
const api = (env: string) => `/api/v1/environments/${env}/flags/${KEY}`;
const WAIT = { timeout: 5_000, interval: 50 };

/** Errors where the eye is: a refused ramp or kill switch says why next to its button; the live dot. */
describe('errors where the eye is', () => {
  let t: TestServer;
  let page: Page;
  let session: ConsoleSession;

  const shot = (name: string) => session.shot(name);
  const flag = async (env: string) => (await t.api('GET', api(env))).body;
  const percentage = () => page.getByTestId('percentage').textContent();
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
  const live = (p: Page) => p.getByTestId('live-status');

  beforeAll(async () => {
    session = await openConsole(async (s) => {
      await s.api('PUT', api('production'), booleanFlag(KEY, 5));
      await s.api('PUT', api('development'), booleanFlag(KEY, 5));
    });
    ({ t, page } = session);
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  it('a ramp refused as a conflict says so inside the ramp card, with the focus there', async () => {
    await page.goto(`${t.url}/admin/production/flags/${KEY}`, { timeout: 30_000 });
    await expect.poll(percentage, WAIT).toBe('5%');
    await page.getByRole('button', { name: '25%', exact: true }).click();
    await page.getByRole('button', { name: 'Review and apply 25%…' }).click();
    const dialog = page.getByRole('dialog', { name: `Review: Ramp ${KEY} to 25%` });
    await dialog.waitFor();
    // Someone else ramps while the review is open.
    expect((await t.api('POST', `${api('production')}/rollout`, { percentage: 7 })).status).toBe(200);
    await dialog.getByRole('button', { name: 'Apply in Production' }).click();

    const card = page.getByTestId('everyone-else');
    await card
      .getByTestId('write-notice')
      .filter({ hasText: 'was changed elsewhere, now at version 2' })
      .waitFor();
    await expect.poll(focused, WAIT).toBe('write-notice');
    expect(await page.getByTestId('write-notice').count()).toBe(1);
    // Right under the Apply button that was pressed (still there, to apply again).
    const [apply, notice] = await Promise.all([
      card.getByRole('button', { name: 'Review and apply 25%…' }).boundingBox(),
      card.getByTestId('write-notice').boundingBox(),
    ]);
    if (apply === null || notice === null) throw new Error('the Apply button or the notice is not shown');
    expect(notice.y - (apply.y + apply.height)).toBeLessThan(150);
    expect((await flag('production')).version).toBe(2);
    await shot('32-ramp-conflict-in-place');
    await card.getByRole('button', { name: 'Reload' }).click();
    await card.getByTestId('write-notice').waitFor({ state: 'detached' });
    await expect.poll(percentage, WAIT).toBe('7%');
  });

  it('a kill switch refused as a conflict says so under the kill switch, with the focus there', async () => {
    await page.getByRole('button', { name: 'Turn off (kill switch)…' }).click();
    const dialog = page.getByRole('dialog', { name: `Review: Turn off ${KEY}` });
    await dialog.waitFor();
    expect((await t.api('POST', `${api('production')}/rollout`, { percentage: 9 })).status).toBe(200);
    await dialog.getByRole('button', { name: 'Apply in Production' }).click();

    const section = page.getByRole('region', { name: 'Kill switch' });
    await section.getByTestId('write-notice').filter({ hasText: 'was changed elsewhere' }).waitFor();
    await expect.poll(focused, WAIT).toBe('write-notice');
    expect(await page.getByTestId('everyone-else').getByTestId('write-notice').count()).toBe(0);
    expect(await flag('production')).toMatchObject({ enabled: true, version: 3 });
    await shot('33-kill-switch-conflict-in-place');
    await section.getByRole('button', { name: 'Reload' }).click();
    await section.getByTestId('write-notice').waitFor({ state: 'detached' });
  });

  it('turns the live indicator off when the admin stream ends, and on again when it is back', async () => {
    const created = await t.api('POST', '/api/v1/keys', { kind: 'admin', name: 'pm laptop' });
    await page.evaluate(
      (secret) => sessionStorage.setItem('switchyard.adminToken', secret),
      created.body.secret,
    );
    await page.goto(`${t.url}/admin/development/flags/${KEY}`, { timeout: 30_000 });
    await live(page)
      .filter({ hasText: /^Live$/ })
      .waitFor();
    const dot = () =>
      live(page)
        .locator('.dot')
        .evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(await dot()).toBe('rgb(34, 197, 94)');

    // Revoking the key ends its stream; keep the reconnects away for a while, as a network outage would.
    await page.route('**/stream**', (route) => route.abort());
    expect((await t.api('DELETE', `/api/v1/keys/${created.body.id}`)).status).toBe(204);
    await live(page).filter({ hasText: 'Not live: reconnecting…' }).waitFor();
    expect(await dot()).toBe('rgb(156, 163, 175)');
    await shot('34-not-live');

    // Back: the reconnect meets the revoked key, asks to sign in again, and is live once signed in.
    await page.unroute('**/stream**');
    const dialog = page.getByRole('dialog', { name: 'Sign in again' });
    await dialog.waitFor({ timeout: 20_000 });
    await dialog.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await dialog.getByRole('button', { name: 'Sign in and retry' }).click();
    await live(page)
      .filter({ hasText: /^Live$/ })
      .waitFor();
    expect(await dot()).toBe('rgb(34, 197, 94)');
    expect((await t.api('POST', `${api('development')}/rollout`, { percentage: 15 })).status).toBe(200);
    await expect.poll(percentage, WAIT).toBe('15%');
  });
});
