import { ADMIN_TOKEN } from '@switchyard/test-support/server';
import type { Page } from 'playwright-core';

/** Signs in to the console at `baseUrl` with the test admin token and waits for the flag list. */
export async function signIn(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/admin`);
  await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Flags' }).waitFor();
}
