import { launchBrowser, type TestBrowser } from '@switchyard/test-support/browser';
import {
  booleanFlag,
  type SwitchyardServer,
  startSwitchyard,
} from '@switchyard/test-support/switchyard-server';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OfrepWebSite, serveOfrepWebSite } from '../support/ofrep-web-site.js';

// The registry's @openfeature/ofrep-web-provider, bundled into a page and opened in Debian's Chromium
// against a real Switchyard server on another origin: values and reasons from the bulk route, and an
// admin change reaching the open page through the OFREP event stream, without a reload.

let site: OfrepWebSite;
let server: SwitchyardServer;
let browser: TestBrowser;
let page: Page;
const pageErrors: string[] = [];
const requested: string[] = [];

const flag = (key: string) => page.getByTestId(key);

beforeAll(async () => {
  site = await serveOfrepWebSite();
  server = await startSwitchyard({ corsOrigins: [site.origin] });
  await server.putFlag(booleanFlag('new-checkout', 0, { targets: [{ variant: 'on', values: ['vip-1'] }] }));
  await server.putFlag(booleanFlag('dark-mode', 0));
  await server.putFlag(booleanFlag('half', 50));
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('request', (request) => requested.push(new URL(request.url()).pathname));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await site?.close();
});

describe('@openfeature/ofrep-web-provider in Chromium', () => {
  it('shows values and reasons, and a change without a reload', async () => {
    const query = new URLSearchParams({
      server: server.url,
      key: server.clientKey,
      user: 'vip-1',
      flags: 'new-checkout,dark-mode,half,missing',
    });
    await page.goto(`${site.origin}/?${query}`);
    await page.locator('body[data-state="ready"]').waitFor();
    expect(await flag('new-checkout').getAttribute('data-value')).toBe('true');
    expect(await flag('new-checkout').getAttribute('data-reason')).toBe('TARGETING_MATCH');
    expect(await flag('dark-mode').getAttribute('data-value')).toBe('false');
    expect(await flag('dark-mode').getAttribute('data-reason')).toBe('SPLIT');
    expect(await flag('missing').getAttribute('data-reason')).toBe('ERROR');
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));

    await server.ramp('dark-mode', 100);
    await page.locator('[data-testid="dark-mode"][data-value="true"]').waitFor();
    await server.disable('new-checkout');
    await page.locator('[data-testid="new-checkout"][data-reason="DISABLED"]').waitFor();
    expect(await flag('new-checkout').getAttribute('data-value')).toBe('false');
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(
      true,
    );
    expect(pageErrors).toEqual([]);
    // The change came through the event stream the bulk response named (the provider polls only on request).
    expect(requested).toContain('/ofrep/v1/events');
  });
});
