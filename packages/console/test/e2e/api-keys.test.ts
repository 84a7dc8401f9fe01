import type { TestServer } from '@switchyard/test-support/server';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleHarness, openConsole } from '../support/console-harness.js';
import { signIn } from '../support/sign-in.js';

/** The API keys page: create a key (its secret shown once, with a copy button), list, revoke. */
describe('API keys page', () => {
  let h: ConsoleHarness;
  let t: TestServer;
  let page: Page;
  let secret = '';

  const shot = (name: string) => h.shot(name);
  /** What a browser app with this client key gets from the server. */
  const evaluateWith = (key: string) =>
    t.api('POST', '/sdk/v1/evaluate', { context: { userId: 'ada' } }, { token: key });

  beforeAll(async () => {
    h = await openConsole();
    t = h.t;
    page = h.page;
    await h.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.url });
    await signIn(page, t.url);
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  it('lists the keys there are, reached from the header', async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    const table = page.getByRole('table', { name: 'API keys' });
    // The server registered the configured admin token as a key at start.
    await table.getByRole('row').filter({ hasText: 'Admin' }).first().waitFor();
    expect(await table.getByRole('row').count()).toBe(2);
  });

  it('marks the key the console is signed in with, and warns before it is revoked', async () => {
    const own = page
      .getByRole('table', { name: 'API keys' })
      .getByRole('row')
      .filter({ hasText: 'this console' });
    expect(await own.count()).toBe(1);
    await own.getByRole('button', { name: /^Revoke/ }).click();
    const dialog = page.getByRole('dialog', { name: /^Revoke key/ });
    await dialog.getByTestId('revoke-own-key').getByText('revoking it signs you out here').waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    // Nothing was revoked: the console still works with its key.
    const keys = (await t.api('GET', '/api/v1/keys')).body.keys as {
      current: boolean;
      revokedAt: string | null;
    }[];
    expect(keys.filter((k) => k.current)).toHaveLength(1);
    expect(keys.every((k) => k.revokedAt === null)).toBe(true);
  });

  it('creates a client key and shows its secret once, with a copy button', async () => {
    await page.getByRole('button', { name: 'Create key…' }).click();
    const dialog = page.getByRole('dialog', { name: 'New API key' });
    await dialog.getByRole('button', { name: 'Create key' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'must not be empty' }).waitFor();

    await dialog.getByLabel('Name', { exact: true }).fill('checkout web');
    await dialog.getByLabel(/^Client:/).check();
    await dialog.getByLabel('Environment', { exact: true }).selectOption('production');
    await dialog.getByRole('button', { name: 'Create key' }).click();

    const created = page.getByRole('dialog', { name: 'Key "checkout web" created' });
    await created.getByText('it is shown only this once').waitFor();
    secret = await created.getByTestId('key-secret').inputValue();
    expect(secret).toMatch(/^sy_client_/);
    expect((await evaluateWith(secret)).status).toBe(200);

    // The focus stays in the dialog, on Copy.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Copy');
    await created.getByRole('button', { name: 'Copy' }).click();
    await created.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await shot('30-api-key-created');

    await created.getByRole('button', { name: 'Done' }).click();
    await created.waitFor({ state: 'hidden' });
    const row = page.getByTestId('key-checkout web');
    expect(await row.getByRole('cell').allTextContents()).toEqual([
      'Client',
      'production',
      'just now',
      'Revoke checkout web',
    ]);
    // Shown once: neither the list nor a fresh load of the page holds the secret.
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(secret);
  });

  it('the server names the field a key is refused for', async () => {
    const res = await t.api('POST', '/api/v1/keys', { kind: 'server', name: 'no environment' });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'environment', message: 'required for server keys' }]);
  });

  it('revokes a key after asking; Escape asks again later and changes nothing', async () => {
    const row = page.getByTestId('key-checkout web');
    await row.getByRole('button', { name: 'Revoke checkout web' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke key "checkout web"?' });
    await dialog.getByText('browsers with it get their default values').waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect((await evaluateWith(secret)).status).toBe(200);

    await row.getByRole('button', { name: 'Revoke checkout web' }).click();
    await shot('31-api-key-revoke');
    await dialog.getByRole('button', { name: 'Revoke key' }).click();
    await row.getByText('revoked just now').waitFor();
    expect(await row.getByRole('button').count()).toBe(0);
    expect((await evaluateWith(secret)).status).toBe(401);
    const keys = (await t.api('GET', '/api/v1/keys')).body.keys;
    expect(keys.find((k: { name: string }) => k.name === 'checkout web').revokedAt).not.toBeNull();
  });
});
