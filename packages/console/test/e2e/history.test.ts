import { booleanFlag, type TestServer } from '@switchyard/test-support/server';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleHarness, openConsole } from '../support/console-harness.js';
import { signIn } from '../support/sign-in.js';

const KEY = 'long-history';
const FLAG_API = `/api/v1/environments/development/flags/${KEY}`;
const WAIT = { timeout: 5_000, interval: 50 };

/** A flag's history: changes and audit events in one list, 20 at a time, with a way back to any version. */
describe('flag history', () => {
  let h: ConsoleHarness;
  let t: TestServer;
  let page: Page;

  const panel = () => page.getByRole('region', { name: 'History' });
  const items = () => panel().getByRole('list', { name: 'Changes, newest first' }).locator(':scope > li');
  const onPercent = async () =>
    (await t.api('GET', FLAG_API)).body.fallthrough.rollout.variants.find((v: any) => v.variant === 'on')
      .weight / 1000;

  beforeAll(async () => {
    h = await openConsole(async (s) => {
      // Version 1 is the flag at 0%; versions 2 to 25 ramp it 1% at a time: 25 entries.
      expect((await s.api('PUT', FLAG_API, booleanFlag(KEY, 0))).status).toBe(201);
      for (let p = 1; p <= 24; p++) {
        const ramped = await s.api('POST', `${FLAG_API}/rollout?reason=${encodeURIComponent(`step ${p}`)}`, {
          percentage: p,
        });
        expect(ramped.status).toBe(200);
      }
    });
    t = h.t;
    page = h.page;
    await signIn(page, t.url);
    await page.goto(`${t.url}/admin/development/flags/${KEY}`);
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  it('shows the newest 20 changes with who, what, the reason and the version each one wrote', async () => {
    await expect.poll(() => items().count(), WAIT).toBe(20);
    const newest = page.getByTestId('version-25');
    expect(await newest.getByRole('heading').textContent()).toMatch(/ ramped · version 25current$/);
    await newest.getByText('Reason: “step 24”').waitFor();
    await newest.getByText('Percentage 23% → 24%').waitFor();
    // The current version cannot be restored; the one before can.
    expect(await newest.getByRole('button').count()).toBe(0);
    await page.getByTestId('version-24').getByRole('button', { name: 'Restore version 24' }).waitFor();
    expect(await page.getByTestId('version-6').count()).toBe(1);
    expect(await page.getByTestId('version-5').count()).toBe(0);
    expect(await panel().getByText('That is the whole history.').count()).toBe(0);
    await h.shot('40-history-first-page');
  });

  it('"Show older" adds the next page after the first, and says when the history ends', async () => {
    await panel().getByRole('button', { name: 'Show older' }).click();
    await expect.poll(() => items().count(), WAIT).toBe(25);
    const created = page.getByTestId('version-1');
    expect(await created.getByRole('heading').textContent()).toMatch(/ created · version 1$/);
    await created.getByText(/^Created: boolean flag, on/).waitFor();
    await panel().getByText('That is the whole history.').waitFor();
    expect(await panel().getByRole('button', { name: 'Show older' }).count()).toBe(0);
    // Newest first, with no entry twice.
    const versions = await items().evaluateAll((lis) => lis.map((li) => li.getAttribute('data-testid')));
    expect(versions).toEqual(Array.from({ length: 25 }, (_, i) => `version-${25 - i}`));
  });

  it('a change made elsewhere appears at the top and the older pages stay', async () => {
    expect((await t.api('POST', `${FLAG_API}/rollout`, { percentage: 30 })).status).toBe(200);
    await page.getByTestId('version-26').filter({ hasText: 'Percentage 24% → 30%' }).waitFor();
    await expect.poll(() => items().count(), WAIT).toBe(26);
    expect(await page.getByTestId('version-1').count()).toBe(1);
  });

  it('restores a version from an older page, and the restore reads "Restored version 1"', async () => {
    await page.getByRole('button', { name: 'Restore version 1', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Restore version 1?' });
    await dialog.getByText('Percentage 30% → 0%').waitFor();
    await dialog.getByRole('button', { name: 'Restore' }).click();
    await expect.poll(onPercent, WAIT).toBe(0);
    const restore = page.getByTestId('version-27');
    await restore
      .filter({ hasText: 'Restored version 1' })
      .filter({ hasText: 'Percentage 30% → 0%' })
      .waitFor();
    expect(await restore.getByRole('heading').textContent()).toMatch(/ restored · version 27current$/);
    await h.shot('41-history-restored');
  });

  it('guarded rollout starts and aborts are entries with their actor, between the versions', async () => {
    const started = await t.api('PUT', `${FLAG_API}/plan`, {
      steps: [5, 50, 100],
      intervalSeconds: 600,
      guards: { maxErrorRate: 0.05, windowSeconds: 60, minSamples: 100 },
      onRegression: 'rollback',
    });
    expect(started.status).toBe(201);
    expect((await t.api('POST', `${FLAG_API}/plan/abort`)).status).toBe(200);
    const entries = (await t.api('GET', `/api/v1/audit?environment=development&flag=${KEY}&limit=5`)).body
      .entries as { action: string; actor: { name: string } }[];
    const actor = entries.find((e) => e.action === 'plan.abort')?.actor.name;
    expect(actor).toBeTruthy();
    await panel()
      .getByRole('heading', { name: `${actor} aborted the guarded rollout` })
      .waitFor();
    await panel()
      .getByRole('heading', { name: `${actor} started a guarded rollout` })
      .waitFor();
    // Starting the plan ramped the flag to its first step: a version of its own.
    expect((await t.api('GET', FLAG_API)).body.version).toBeGreaterThan(27);
  });
});
