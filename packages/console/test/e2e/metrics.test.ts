import { booleanFlag, type TestServer } from '@switchyard/test-support/server';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleHarness, openConsole } from '../support/console-harness.js';
import { signIn } from '../support/sign-in.js';

const ENV = 'development';
const KEY = 'new-search';
const FLAG = `/api/v1/environments/${ENV}/flags/${KEY}`;

/** The metrics chart: empty state with the SDK snippet, hover values, change markers, range, legend. */
describe('metrics chart', () => {
  let h: ConsoleHarness;
  let t: TestServer;
  let page: Page;

  const shot = (name: string) => h.shot(name);
  const readout = () => page.getByTestId('chart-readout').textContent();
  const openFlag = async () => {
    await page.goto(`${t.url}/admin/${ENV}/flags/${KEY}`, { timeout: 30_000 });
    await page.getByRole('heading', { name: KEY, exact: true }).waitFor();
  };

  beforeAll(async () => {
    h = await openConsole(async (t) => {
      await t.api('PUT', FLAG, booleanFlag(KEY, 10, { description: 'Search v2' }));
    });
    t = h.t;
    page = h.page;
    await signIn(page, t.url);
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  it('without data says what the chart is and shows the SDK code that makes data appear', async () => {
    await openFlag();
    const empty = page.getByTestId('metrics-empty');
    await empty.getByText('No evaluations reported in the last 60 minutes.').waitFor();
    const snippet = await empty.getByTestId('metrics-snippet').textContent();
    expect(snippet).toContain(`createClient({ url: '${t.url}'`);
    expect(snippet).toContain(`flags.isEnabled('${KEY}', user.id)`);
    await shot('32-metrics-empty');
  });

  it('draws what SDKs report, with the flag changes marked, every series explained and values on hover', async () => {
    expect((await t.api('POST', `${FLAG}/rollout`, { percentage: 40 })).status).toBe(200);
    const serverKey = await t.createKey('server', ENV);
    const metrics = [
      { flag: KEY, variant: 'on', evaluations: 40, errors: 2 },
      { flag: KEY, variant: 'off', evaluations: 60, errors: 0 },
      { flag: KEY, variant: null, evaluations: 3, errors: 0 },
    ];
    expect((await t.api('POST', '/sdk/v1/events', { metrics }, { token: serverKey })).status).toBeLessThan(
      300,
    );
    await openFlag();

    const totals = page.getByRole('table', { name: 'Totals over the last 60 minutes' });
    await totals.getByRole('row', { name: /on 40 2 5\.00%/ }).waitFor();
    // The creation and the ramp, on both charts.
    expect(await page.getByTestId('change-marker').count()).toBe(4);
    const legend = page.getByRole('list', { name: 'Legend' });
    expect(await legend.getByRole('listitem').allTextContents()).toEqual([
      '(default value): the SDK served the default value of the call: the flag was missing, of another type, or the SDK had no flags yet',
      'off: users served "off"',
      'on: users served "on"',
      expect.stringMatching(
        /^Dashed line: a change to the flag: \d\d:\d\d SWITCHYARD_ADMIN_TOKEN created; \d\d:\d\d SWITCHYARD_ADMIN_TOKEN ramped$/,
      ),
      'Errors: evaluations in which the SDK recorded an error, whatever it served.',
    ]);

    // The reports are in the current minute: the right edge of the chart.
    const chart = page.getByRole('img', { name: 'Evaluations, per minute over the last 60 minutes' });
    const box = await chart.boundingBox();
    if (box === null) throw new Error('the chart is not drawn');
    await page.mouse.move(box.x + box.width - 12, box.y + box.height / 2);
    await expect
      .poll(readout)
      .toMatch(
        /^\d\d:\d\d: \(default value\) 3 evaluations, 0 errors · off 60 evaluations, 0 errors · on 40 evaluations, 2 errors$/,
      );
    await shot('33-metrics-hover-markers');
    // Far left: an hour ago, nothing.
    await page.mouse.move(box.x + box.width * 0.1, box.y + box.height / 2);
    await expect.poll(readout).toContain('on 0 evaluations, 0 errors');

    // The keyboard reads the same values.
    await page.mouse.move(0, 0);
    await page.getByRole('slider', { name: /^Errors: the minute to read/ }).focus();
    await page.keyboard.press('End');
    await expect.poll(readout).toContain('on 40 evaluations, 2 errors');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(readout).toContain('on 0 evaluations, 0 errors');
  });

  it('a range picker reads the metrics over 24 hours or 7 days', async () => {
    const asked = page.waitForRequest((request) =>
      request.url().includes(`/flags/${KEY}/metrics?minutes=1440`),
    );
    await page.getByRole('button', { name: 'Last 24 hours' }).click();
    await asked;
    await page.getByRole('heading', { name: 'Evaluations, last 24 hours' }).waitFor();
    const totals = page.getByRole('table', { name: 'Totals over the last 24 hours' });
    await totals.getByRole('row', { name: /on 40 2 5\.00%/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Last 24 hours' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    expect(await page.getByRole('button', { name: 'Last 60 minutes' }).getAttribute('aria-pressed')).toBe(
      'false',
    );

    await page.getByRole('button', { name: 'Last 7 days' }).click();
    await page
      .getByRole('table', { name: 'Totals over the last 7 days' })
      .getByRole('row', { name: /off 60/ })
      .waitFor();
    await shot('34-metrics-7-days');
  });
});
