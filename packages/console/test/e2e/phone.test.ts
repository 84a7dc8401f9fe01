import { booleanFlag, type TestServer } from '@switchyard/test-support/server';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleHarness, openConsole } from '../support/console-harness.js';
import { signIn } from '../support/sign-in.js';

const ENV = 'production';
/** Long and full of hyphens: the kind of key a browser would like to break. */
const LONG_KEY = 'checkout-payment-provider-migration-to-the-new-provider';
const FLAGS = `/api/v1/environments/${ENV}/flags`;
const PHONE = { width: 390, height: 844 };

/** At phone width (390 px): the flag list as cards, no sideways scroll, keys never hyphen-broken. */
describe('console at phone width', () => {
  let h: ConsoleHarness;
  let t: TestServer;
  let page: Page;

  const shot = (name: string) => h.shot(name);
  const scrollWidth = () => page.evaluate(() => document.documentElement.scrollWidth);

  beforeAll(async () => {
    h = await openConsole(async (t) => {
      await t.api(
        'PUT',
        `${FLAGS}/${LONG_KEY}`,
        booleanFlag(LONG_KEY, 25, { description: 'Payments v2', tags: ['payments', 'q3'] }),
      );
      await t.api('PUT', `${FLAGS}/new-search`, booleanFlag('new-search', 5, { description: 'Search v2' }));
    });
    t = h.t;
    page = h.page;
    await page.setViewportSize(PHONE);
    await signIn(page, t.url);
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  it('shows the flag list as cards, with no sideways scroll', async () => {
    const card = page.getByTestId(`flag-row-${LONG_KEY}`);
    await card.waitFor();
    expect(await scrollWidth()).toBeLessThanOrEqual(PHONE.width);
    // One card per flag, each as wide as the screen allows, stacked.
    const [first, second] = await Promise.all(
      [`flag-row-${LONG_KEY}`, 'flag-row-new-search'].map((id) => page.getByTestId(id).boundingBox()),
    );
    if (!first || !second) throw new Error('a card is not drawn');
    expect(first.x + first.width).toBeLessThanOrEqual(PHONE.width);
    expect(second.y).toBeGreaterThanOrEqual(first.y + first.height);
    // Each cell stacked under the one before, labelled: "Serving: 25% on".
    const cells = card.locator('td');
    expect(await cells.evaluateAll((tds) => tds.map((td) => td.getAttribute('data-label')))).toEqual([
      'State',
      'Serving',
      'Tags',
      'Last change',
    ]);
    const boxes = await Promise.all([0, 1].map((i) => cells.nth(i).boundingBox()));
    expect(boxes[1]?.y).toBeGreaterThanOrEqual((boxes[0]?.y ?? 0) + (boxes[0]?.height ?? 0));
    await shot('35-phone-flag-list');
  });

  it('never breaks a key with a hyphen of its own', async () => {
    const link = page.getByRole('link', { name: LONG_KEY });
    // One line box: not broken at "checkout-", nor anywhere; cut to the card with the full key kept.
    expect(await link.evaluate((el) => el.getClientRects().length)).toBe(1);
    const box = await link.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    expect(await link.textContent()).toBe(LONG_KEY);
    expect(await link.getAttribute('title')).toBe(LONG_KEY);
  });

  it('keeps every other page within the screen too', async () => {
    const pages: [string, string][] = [
      [`flags/${LONG_KEY}`, LONG_KEY],
      ['segments', 'Segments'],
      ['keys', 'API keys'],
    ];
    for (const [path, heading] of pages) {
      await page.goto(`${t.url}/admin/${ENV}/${path}`, { timeout: 30_000 });
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      expect({ path, width: await scrollWidth() }).toEqual({ path, width: PHONE.width });
      if (path.startsWith('flags/')) {
        // The page's own key wraps at the screen's edge, not at its hyphens.
        const title = page.getByRole('heading', { name: LONG_KEY });
        expect(await title.evaluate((el) => getComputedStyle(el).wordBreak)).toBe('break-all');
        await shot('36-phone-flag-page');
      }
    }
  });
});
