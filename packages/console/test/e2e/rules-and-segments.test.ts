import { booleanFlag, type TestServer } from '@switchyard/test-support/server';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleSession, openConsole } from '../support/console-session.js';

const DEV = '/api/v1/environments/development';

/** Rules without internal names (ids under Advanced, percent in errors), segment usage, empty states. */
describe('rules, segments and empty states in plain words', () => {
  let t: TestServer;
  let page: Page;
  let session: ConsoleSession;

  const shot = (name: string) => session.shot(name);

  beforeAll(async () => {
    session = await openConsole(async (s) => {
      expect((await s.api('POST', '/api/v1/environments', { key: 'sandbox', name: 'Sandbox' })).status).toBe(
        201,
      );
      await s.api('PUT', `${DEV}/segments/beta-testers`, { included: ['ada'] });
      await s.api('PUT', `${DEV}/flags/search`, booleanFlag('search', 10));
    });
    ({ t, page } = session);
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  it('says what flags and segments are, and how to start, where there are none', async () => {
    await page.goto(`${t.url}/admin/sandbox/flags`, { timeout: 30_000 });
    await page
      .getByText('No flags yet. A flag turns a feature on or off for users without a deploy')
      .waitFor();
    await shot('35-empty-flags');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Segments' }).click();
    const empty = page.getByTestId('segments-empty');
    expect(await empty.textContent()).toContain('A segment is a named group of users');
    expect(await empty.textContent()).toContain('Create segment to start one');
  });

  it('lists the flags that use a segment, live, with links to them', async () => {
    await page.goto(`${t.url}/admin/development/segments/beta-testers`, { timeout: 30_000 });
    const usedBy = page.getByRole('region', { name: 'Flags that use it in development' });
    expect(await usedBy.getByTestId('used-by-empty').textContent()).toContain(
      'No flag in development uses this segment yet. A flag uses a segment in a rule',
    );
    const rules = [
      { clauses: [{ attribute: 'plan', op: 'in', values: ['pro'] }], serve: { variant: 'on' } },
      { clauses: [{ op: 'inSegment', values: ['beta-testers'] }], serve: { variant: 'on' } },
    ];
    await t.api('PUT', `${DEV}/flags/pricing`, booleanFlag('pricing', 0, { rules, enabled: false }));
    await t.api('PUT', `${DEV}/flags/checkout`, booleanFlag('checkout', 0, { rules: rules.slice(1) }));
    await usedBy.getByRole('link', { name: 'pricing' }).waitFor();
    expect(await usedBy.locator('li').allTextContents()).toEqual([
      'checkout (rule 1)',
      'pricing (rule 2; the flag is off)',
    ]);
    expect(await usedBy.getByRole('link', { name: 'search' }).count()).toBe(0);
    await shot('36-segment-used-by');
    await usedBy.getByRole('link', { name: 'pricing' }).click();
    await page.waitForURL('**/admin/development/flags/pricing');
    await page.getByRole('heading', { name: 'pricing', level: 1 }).waitFor();
  });

  it('keeps the rule id under Advanced, and says a split that misses 100% in percent', async () => {
    await page.goto(`${t.url}/admin/development/flags/search`, { timeout: 30_000 });
    const rulesCard = page.getByRole('region', { name: 'Rules' });
    await rulesCard.getByText('No rules. A rule serves a variant to the users it matches').waitFor();
    await page.getByRole('button', { name: 'Edit rules' }).click();
    await page.getByRole('button', { name: 'Add rule' }).click();
    const rule = page.getByRole('group', { name: 'Rule 1' });
    const idField = rule.getByLabel('Rule id (optional, for the API and tools)');
    expect(await idField.isVisible()).toBe(false);
    await rule.getByText('Advanced').click();
    expect(await idField.isVisible()).toBe(true);

    await rule.getByLabel('Attribute').fill('plan');
    await rule.getByLabel('Values (one per line)').fill('pro');
    await rule.getByRole('group', { name: 'Serve' }).getByLabel('Percentage split').check();
    await rule.getByLabel('on %').fill('60');
    await rule.getByLabel('off %').fill('30');
    await page.getByRole('button', { name: 'Save rules' }).click();
    const summary = page.locator('.problem-summary');
    await summary.getByText('the split adds up to 90%, not 100%').waitFor();
    const shown = await page.getByRole('region', { name: 'Rules' }).textContent();
    expect(shown).toContain('the split adds up to 90%, not 100%');
    expect(shown?.toLowerCase()).not.toContain('weight');
    expect(shown).not.toContain('90000');
    await shot('37-split-in-percent');
    expect((await t.api('GET', `${DEV}/flags/search`)).body.rules).toBeUndefined();

    // The server says the same, in the same words, to a client that skips the browser's check.
    const flag = booleanFlag('search', 10, {
      rules: [
        {
          clauses: [{ attribute: 'plan', op: 'in', values: ['pro'] }],
          serve: {
            rollout: {
              variants: [
                { variant: 'on', weight: 60_000 },
                { variant: 'off', weight: 30_000 },
              ],
            },
          },
        },
      ],
    });
    const refused = await t.api('PUT', `${DEV}/flags/search`, flag);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe(
      'Invalid flag: rules.0.serve.rollout.variants: the split adds up to 90%, not 100%',
    );

    await rule.getByLabel('off %').fill('40');
    await page.getByRole('button', { name: 'Save rules' }).click();
    await rulesCard.getByRole('button', { name: 'Edit rules' }).waitFor();
    expect((await t.api('GET', `${DEV}/flags/search`)).body.rules).toHaveLength(1);
  });
});
