import type { TestServer } from '@switchyard/test-support/server';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleSession, openConsole } from '../support/console-session.js';

const KEY = 'onboarding';
const api = (env: string) => `/api/v1/environments/${env}/flags/${KEY}`;
const WAIT = { timeout: 5_000, interval: 50 };

/** One flag across environments: created once for all of them, its targeting promoted through review. */
describe('one flag across environments', () => {
  let t: TestServer;
  let page: Page;
  let session: ConsoleSession;

  const shot = (name: string) => session.shot(name);
  const flag = async (env: string) => (await t.api('GET', api(env))).body;
  const onWeight = (f: any) => f.fallthrough.rollout.variants.find((v: any) => v.variant === 'on').weight;
  const percentage = () => page.getByTestId('percentage').textContent();

  beforeAll(async () => {
    session = await openConsole(async (s) => {
      expect((await s.api('POST', '/api/v1/environments', { key: 'staging', name: 'Staging' })).status).toBe(
        201,
      );
    });
    ({ t, page } = session);
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  it('creates a flag once: as set in development, off with the same type and description elsewhere', async () => {
    await page.goto(`${t.url}/admin/development/flags`, { timeout: 30_000 });
    await page.getByRole('button', { name: 'New flag' }).click();
    const dialog = page.getByRole('dialog', { name: 'New flag in development' });
    await dialog.getByLabel('Key').fill(KEY);
    await dialog.getByLabel('Description').fill('New onboarding flow');
    expect(await dialog.getByTestId('every-environment').textContent()).toContain(
      'created in every environment: as set here in development, and off in the others',
    );
    await shot('30-create-in-every-environment');
    await dialog.getByRole('button', { name: 'Create flag' }).click();
    await page.waitForURL(`**/admin/development/flags/${KEY}`);

    expect(await flag('development')).toMatchObject({ enabled: true, description: 'New onboarding flow' });
    for (const env of ['production', 'staging']) {
      const other = await flag(env);
      expect(other).toMatchObject({
        type: 'boolean',
        variants: { on: true, off: false },
        description: 'New onboarding flow',
        enabled: false,
        version: 1,
      });
      expect(onWeight(other)).toBe(0);
    }
    // Switching environment keeps the flag, which is there, off.
    await page.getByLabel('Environment').selectOption('production');
    await page.waitForURL(`**/admin/production/flags/${KEY}`);
    await page.getByTestId('flag-state').filter({ hasText: 'Off' }).waitFor();
  });

  it('copies targets, rules and the default to production through Review and apply, with Undo there', async () => {
    await page.getByLabel('Environment').selectOption('development');
    await page.waitForURL(`**/admin/development/flags/${KEY}`);
    await page.getByRole('button', { name: 'Edit targets' }).click();
    await page.getByRole('button', { name: 'Add target' }).click();
    await page
      .getByRole('group', { name: 'Target 1' })
      .getByLabel('User ids (one per line)')
      .fill('ada\ngrace');
    await page.getByRole('button', { name: 'Save targets' }).click();
    await page.getByRole('button', { name: 'Edit targets' }).waitFor();
    await page.getByRole('button', { name: '25%', exact: true }).click();
    await page.getByRole('button', { name: 'Apply 25%' }).click();
    await expect.poll(percentage, WAIT).toBe('25%');
    // Production serves it already, to nobody: the copy moves a quarter of its users.
    expect((await t.api('POST', `${api('production')}/enable`)).status).toBe(200);

    const copy = page.getByRole('region', { name: 'Copy targeting' });
    await copy.getByLabel('To').selectOption('production');
    await copy.getByRole('button', { name: 'Copy targeting to Production…' }).click();
    const dialog = page.getByRole('dialog', {
      name: `Review: Copy targeting of ${KEY} from Development to Production`,
    });
    await dialog.getByText('In Production, at once, for real users').waitFor();
    await dialog.getByText('Percentage 0% → 25%').waitFor();
    expect(await dialog.getByTestId('users-moved').textContent()).toBe(
      'About 25% of users get the feature, plus the users named in targets.',
    );
    await dialog.getByLabel('Reason (optional, kept in the audit log)').fill('Validated in development');
    await shot('31-copy-targeting-review');
    await dialog.getByRole('button', { name: 'Apply in Production' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const production = await flag('production');
    expect(production).toMatchObject({
      enabled: true,
      version: 3,
      targets: [{ variant: 'on', values: ['ada', 'grace'] }],
    });
    expect(onWeight(production)).toBe(25_000);
    const entry = (await t.api('GET', `/api/v1/audit?environment=production&flag=${KEY}&limit=1`)).body
      .entries[0];
    expect(entry).toMatchObject({ action: 'flag.put', reason: 'Validated in development' });
    // The development flag is untouched, and Undo takes production back.
    expect(await flag('development')).toMatchObject({ version: 3 });
    const undo = page.getByTestId('undo-notice');
    await undo
      .getByText(`Applied: Copy targeting of ${KEY} from Development to Production (version 3).`)
      .waitFor();
    await undo.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(async () => onWeight(await flag('production')), WAIT).toBe(0);
    expect((await flag('production')).targets).toBeUndefined();
    expect(await percentage()).toBe('25%');
  });

  it('copies to an environment that is not critical at once, and says why a segment it lacks is refused', async () => {
    await t.api('PUT', '/api/v1/environments/development/segments/beta-testers', { included: ['ada'] });
    const dev = await flag('development');
    const rules = [{ clauses: [{ op: 'inSegment', values: ['beta-testers'] }], serve: { variant: 'on' } }];
    expect((await t.api('PUT', api('development'), { ...dev, version: undefined, rules })).status).toBe(200);
    await page.getByRole('region', { name: 'Rules' }).getByText('beta-testers').waitFor();

    const copy = page.getByRole('region', { name: 'Copy targeting' });
    await copy.getByLabel('To').selectOption('staging');
    await copy.getByRole('button', { name: 'Copy targeting to Staging…' }).click();
    const notice = copy.getByTestId('write-notice');
    await notice.getByText('no segment "beta-testers" in "staging"').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'write-notice',
    );
    expect(await flag('staging')).toMatchObject({ version: 1 });

    await t.api('PUT', '/api/v1/environments/staging/segments/beta-testers', { included: ['ada'] });
    await copy.getByRole('button', { name: 'Copy targeting to Staging…' }).click();
    await expect.poll(async () => (await flag('staging')).version, WAIT).toBe(2);
    expect(await flag('staging')).toMatchObject({ enabled: false, rules });
    expect(onWeight(await flag('staging'))).toBe(25_000);
    await page.getByTestId('undo-notice').getByText(`from Development to Staging (version 2)`).waitFor();
  });
});
