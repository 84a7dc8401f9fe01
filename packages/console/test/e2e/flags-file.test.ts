import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, type TestBrowser } from '@switchyard/test-support/browser';
import { eventually } from '@switchyard/test-support/eventually';
import { booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole } from '../support/build-console.js';
import { signIn } from '../support/sign-in.js';

const ARTIFACTS = fileURLToPath(new URL('../../../../artifacts/console/', import.meta.url));
const FLAGS = '/api/v1/environments/development/flags';
const WAIT = { timeout: 5_000, interval: 50 };

/** A flag the server's flags file owns, in Chromium against a real server reading a real file. */
describe('managed flags in the console', () => {
  let consoleDir: string;
  let dir: string;
  let file: string;
  let t: TestServer;
  let browser: TestBrowser;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    consoleDir = await buildConsole();
    dir = mkdtempSync(join(tmpdir(), 'switchyard-flags-file-'));
    file = join(dir, 'flags.yaml');
    // JSON, which a YAML reader takes as well.
    writeFileSync(
      file,
      JSON.stringify({ flags: [booleanFlag('checkout', 30, { description: 'From git' })] }),
    );
    t = await startTestServer({ consoleDir, flagsFile: { path: file, environment: 'development' } });
    await t.api('PUT', `${FLAGS}/hand-made`, booleanFlag('hand-made', 10));
    await eventually(
      'checkout created',
      () => t.api('GET', `${FLAGS}/checkout`),
      (res) => res.status === 200,
    );
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.setDefaultTimeout(5_000);
    await signIn(page, t.url);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (consoleDir) rmSync(consoleDir, { recursive: true, force: true });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the file, disables the edit controls with that reason, and keeps the kill switch', async () => {
    await page.goto(`${t.url}/admin/development/flags`);
    const row = page.getByTestId('flag-row-checkout');
    await row.getByText('Managed').waitFor();
    expect(await row.getByText('Managed').getAttribute('title')).toBe(`Managed by ${file}`);
    expect(await page.getByTestId('flag-row-hand-made').getByText('Managed').count()).toBe(0);

    await page.goto(`${t.url}/admin/development/flags/checkout`);
    const notice = page.getByTestId('managed-notice');
    await notice.getByText(`Managed by ${file}`).waitFor();
    expect(await notice.textContent()).toContain('Change it in the file');
    const archive = page.getByRole('button', { name: 'Archive flag' });
    expect(await archive.isDisabled()).toBe(true);
    expect(await page.getByLabel('Exact percentage').isDisabled()).toBe(true);
    const lock = page.locator('fieldset.managed-lock').first();
    expect(await lock.getAttribute('title')).toContain(`Managed by ${file}`);
    expect(await page.getByTestId('flag-drift').count()).toBe(0);

    // The kill switch still works, and what it did shows as drift from the file.
    const kill = page.getByRole('button', { name: 'Turn off (kill switch)…' });
    expect(await kill.isDisabled()).toBe(false);
    await kill.click();
    await page
      .getByRole('dialog', { name: 'Turn off checkout?' })
      .getByRole('button', { name: 'Turn off' })
      .click();
    await expect.poll(() => page.getByTestId('flag-state').textContent(), WAIT).toBe('Off');
    const drift = page.getByTestId('flag-drift');
    await drift.waitFor();
    expect(await drift.textContent()).toContain('enabled is false here, true in the file');
    expect((await t.api('GET', `${FLAGS}/checkout`)).body).toMatchObject({ enabled: false, version: 2 });
    await shot('flags-file-01-managed-drift');
  });

  it('leaves a flag the file does not list editable', async () => {
    await page.goto(`${t.url}/admin/development/flags/hand-made`);
    await page.getByRole('heading', { name: 'hand-made' }).waitFor();
    expect(await page.getByTestId('managed-notice').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Archive flag' }).isDisabled()).toBe(false);
    expect(await page.getByLabel('Exact percentage').isDisabled()).toBe(false);
  });
});
