import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchBrowser, type TestBrowser } from '@switchyard/test-support/browser';
import { startTestServer, type TestServer } from '@switchyard/test-support/server';
import type { Page } from 'playwright-core';
import { buildConsole } from './build-console.js';

/** Where the console tests save their screenshots: `artifacts/console/` at the repository root. */
export const ARTIFACTS = fileURLToPath(new URL('../../../../artifacts/console/', import.meta.url));

export interface ConsoleHarness {
  t: TestServer;
  browser: TestBrowser;
  page: Page;
  /** A full-page screenshot, `artifacts/console/<name>.png`. */
  shot(name: string): Promise<Buffer>;
  close(): Promise<void>;
}

/**
 * The console built as it ships, a real server serving it, and a fresh Chromium page on it;
 * `seed` writes through the admin API before the browser starts.
 */
export async function openConsole(
  seed: (t: TestServer) => Promise<void> = async () => {},
): Promise<ConsoleHarness> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const consoleDir = await buildConsole();
  const t = await startTestServer({ consoleDir });
  await seed(t);
  const browser = await launchBrowser();
  const page = await browser.context.newPage();
  page.setDefaultTimeout(5_000);
  return {
    t,
    browser,
    page,
    shot: (name) => page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true }),
    async close() {
      await browser.close();
      await t.close();
      rmSync(consoleDir, { recursive: true, force: true });
    },
  };
}
