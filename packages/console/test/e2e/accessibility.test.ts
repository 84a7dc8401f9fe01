import { ADMIN_TOKEN, booleanFlag, type TestServer } from '@switchyard/test-support/server';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { type ConsoleHarness, openConsole } from '../support/console-harness.js';

const ENV = 'development';
const KEY = 'new-search';
const FLAGS = `/api/v1/environments/${ENV}/flags`;

/** axe-core on every console page, the skip link, and every main control within reach of Tab. */
describe('accessibility', () => {
  let h: ConsoleHarness;
  let t: TestServer;
  let page: Page;

  const shot = (name: string) => h.shot(name);
  const open = async (path: string, heading: string) => {
    await page.goto(`${t.url}/admin/${path}`, { timeout: 30_000 });
    await page.getByRole('heading', { name: heading, exact: true }).first().waitFor();
  };
  /** What has the focus: its accessible name as Playwright would look it up. */
  const focused = () =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (el === null) return '';
      const label = el.getAttribute('aria-label') ?? (el as HTMLInputElement).labels?.[0]?.textContent;
      return `${el.tagName.toLowerCase()}:${(label ?? el.textContent ?? '').trim()}`;
    });
  /** Presses Tab up to `limit` times and returns every element it stopped on. */
  const tabThrough = async (limit: number) => {
    const stops: string[] = [];
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press('Tab');
      stops.push(await focused());
    }
    return stops;
  };

  beforeAll(async () => {
    h = await openConsole(async (t) => {
      await t.api('PUT', `${FLAGS}/${KEY}`, booleanFlag(KEY, 10, { description: 'Search v2' }));
      await t.api('POST', `${FLAGS}/${KEY}/rollout`, { percentage: 25 });
      await t.api('PUT', `/api/v1/environments/${ENV}/segments/beta-testers`, {
        description: 'People who asked for early features',
        included: ['ada'],
        excluded: [],
        rules: [],
      });
      const serverKey = await t.createKey('server', ENV);
      const metrics = [
        { flag: KEY, variant: 'on', evaluations: 40, errors: 1 },
        { flag: KEY, variant: 'off', evaluations: 60, errors: 0 },
      ];
      expect((await t.api('POST', '/sdk/v1/events', { metrics }, { token: serverKey })).status).toBeLessThan(
        300,
      );
    });
    t = h.t;
    page = h.page;
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  it('axe-core finds no serious or critical violation on any page', async () => {
    await page.goto(`${t.url}/admin`, { timeout: 30_000 });
    await page.getByLabel('Admin token').waitFor();
    const found: Record<string, unknown> = { 'sign-in': await seriousViolations(page) };
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Flags' }).waitFor();

    const pages: [string, string, string][] = [
      ['flags list', `${ENV}/flags`, 'Flags'],
      ['flag page (history, audit log, metrics)', `${ENV}/flags/${KEY}`, KEY],
      ['segments', `${ENV}/segments`, 'Segments'],
      ['segment page', `${ENV}/segments/beta-testers`, 'beta-testers'],
      ['API keys', `${ENV}/keys`, 'API keys'],
      ['archived flags', `${ENV}/archived`, 'Archived flags'],
      ['production flags list', 'production/flags', 'Flags'],
    ];
    for (const [name, path, heading] of pages) {
      await open(path, heading);
      if (name.startsWith('flag page')) await page.getByRole('table', { name: /^Totals/ }).waitFor();
      found[name] = await seriousViolations(page);
    }
    await open(`${ENV}/keys`, 'API keys');
    await page.getByRole('button', { name: 'Create key…' }).click();
    await page.getByRole('dialog', { name: 'New API key' }).waitFor();
    found['new API key dialog'] = await seriousViolations(page);
    await page.keyboard.press('Escape');

    const expected = Object.fromEntries(Object.keys(found).map((name) => [name, []]));
    expect(found).toEqual(expected);

    // The check is live: an image without a text alternative is reported.
    await page.evaluate(() => document.querySelector('main')?.append(document.createElement('img')));
    expect((await seriousViolations(page)).map((v) => v.id)).toContain('image-alt');
  }, 180_000);

  it('the first Tab reaches a skip link that moves past the header', async () => {
    await open(`${ENV}/flags`, 'Flags');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('a:Skip to content');
    await shot('40-skip-link');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    // The next Tab lands in the page, not in the header.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('header'))).toBeNull();
  });

  it('Tab reaches the main controls of the flags list and of a flag page', async () => {
    await open(`${ENV}/flags`, 'Flags');
    const listStops = await tabThrough(25);
    expect(listStops).toContain('select:Environment');
    expect(listStops).toContain('a:API keys');
    expect(listStops).toContain(`a:${KEY}`);

    await open(`${ENV}/flags/${KEY}`, KEY);
    const flagStops = await tabThrough(60);
    for (const control of [
      'button:25%',
      'button:50%',
      'button:Edit targets',
      'button:Start guarded rollout…',
    ]) {
      expect(flagStops).toContain(control);
    }
    expect(flagStops.some((stop) => stop.startsWith('button:Restore version 1'))).toBe(true);
  });

  it('a dialog keeps the focus inside while Tab goes round, and Escape closes it and gives the focus back', async () => {
    await open(`${ENV}/keys`, 'API keys');
    const opener = page.getByRole('button', { name: 'Create key…' });
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'New API key' });
    await dialog.waitFor();
    expect(await focused()).toBe('input:Name');
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press(i % 4 === 3 ? 'Shift+Tab' : 'Tab');
      expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await focused()).toBe('button:Create key…');
  });
});
