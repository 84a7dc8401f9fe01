import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchBrowser, type TestBrowser } from '@switchyard/test-support/browser';
import { startTestServer, type TestServer } from '@switchyard/test-support/server';
import type { Page } from 'playwright-core';
import { buildConsole } from './build-console.js';
import { signIn } from './sign-in.js';

/** Where the e2e tests save their screenshots. */
export const ARTIFACTS = fileURLToPath(new URL('../../../../artifacts/console/', import.meta.url));

/** A built console on a real server, in Chromium, signed in. */
export interface ConsoleSession {
  t: TestServer;
  page: Page;
  /** Saves a full-page screenshot as artifacts/console/<name>.png. */
  shot(name: string): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * Builds the console, starts a server with it, lets `prepare` seed the server (environments are read
 * at sign-in), then signs in from a fresh Chromium page.
 */
export async function openConsole(prepare: (t: TestServer) => Promise<void> = async () => {}) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const consoleDir = await buildConsole();
  let t: TestServer | undefined;
  let browser: TestBrowser | undefined;
  const close = async () => {
    await browser?.close();
    await t?.close();
    rmSync(consoleDir, { recursive: true, force: true });
  };
  try {
    t = await startTestServer({ consoleDir });
    await prepare(t);
    browser = await launchBrowser();
    const page = await browser.context.newPage();
    // The first load of a fresh build can be slow on a busy machine; the steps after it are not.
    await signIn(page, t.url);
    page.setDefaultTimeout(5_000);
    const shot = (name: string) => page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
    return { t, page, shot, close } satisfies ConsoleSession;
  } catch (err) {
    await close();
    throw err;
  }
}
