import { booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliResult, cliFor, tableRows } from '../support/cli.js';

let server: TestServer;
let cli: (...args: string[]) => Promise<CliResult>;

beforeEach(async () => {
  server = await startTestServer({ demo: true });
  cli = cliFor(server);
});
afterEach(async () => {
  await server.close();
});

const flagPath = (key = 'new-checkout', env = 'production') => `/api/v1/environments/${env}/flags/${key}`;

async function onWeight(key = 'new-checkout'): Promise<number> {
  const { body } = await server.api('GET', flagPath(key));
  return body.fallthrough.rollout.variants.find((v: { variant: string }) => v.variant === 'on').weight;
}

function ok(result: CliResult): string {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

describe('flags list', () => {
  it('shows the demo flag with its state, percentage, tags, version and last change', async () => {
    const rows = tableRows(ok(await cli('flags', 'list')));
    expect(rows[0]).toEqual(['KEY', 'STATE', 'PERCENTAGE', 'TAGS', 'VERSION', 'CHANGED (UTC)', 'BY']);
    expect(rows).toHaveLength(2);
    const [key, state, percentage, tags, version, changed, by] = rows[1] ?? [];
    expect([key, state, percentage, tags, version, by]).toEqual([
      'new-checkout',
      'on',
      '5%',
      'checkout,demo',
      '1',
      'server start',
    ]);
    expect(changed).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  it('shows a disabled flag as off, a non-boolean flag without a percentage, and who changed it last', async () => {
    await server.api('POST', `${flagPath()}/disable`);
    await server.api('PUT', flagPath('theme'), {
      type: 'string',
      variants: { light: 'light', dark: 'dark' },
      enabled: true,
      offVariant: 'light',
      fallthrough: { variant: 'dark' },
    });
    const rows = tableRows(ok(await cli('flags', 'list')));
    const byKey = new Map(rows.slice(1).map((row) => [row[0], row]));
    expect(byKey.get('new-checkout')?.slice(1, 5)).toEqual(['off', '5%', 'checkout,demo', '2']);
    expect(byKey.get('new-checkout')?.[6]).toBe('SWITCHYARD_ADMIN_TOKEN');
    expect(byKey.get('theme')?.slice(1, 5)).toEqual(['on', '-', '-', '1']);
  });

  it('lists the environment of --env', async () => {
    const rows = tableRows(ok(await cli('flags', 'list', '--env', 'development')));
    expect(rows[1]?.slice(0, 3)).toEqual(['new-checkout', 'on', '0%']);
  });

  it('prints the API JSON with --json', async () => {
    const stdout = ok(await cli('flags', 'list', '--json'));
    const { body } = await server.api('GET', '/api/v1/environments/production/flags');
    expect(JSON.parse(stdout)).toEqual(body);
    expect(body.flags[0].percentage).toBe(5);
  });
});

describe('flags get', () => {
  it('summarises the flag with its rules listed', async () => {
    await server.api(
      'PUT',
      flagPath(),
      booleanFlag('new-checkout', 5, {
        description: 'New checkout flow',
        tags: ['checkout'],
        targets: [{ variant: 'on', values: ['user-1', 'user-2'] }],
        rules: [
          {
            id: 'staff',
            clauses: [{ attribute: 'email', op: 'endsWith', values: ['@acme.com'] }],
            serve: { variant: 'on' },
          },
          {
            clauses: [{ attribute: 'country', op: 'in', values: ['NL', 'BE'], negate: true }],
            serve: {
              rollout: {
                variants: [
                  { variant: 'on', weight: 50_000 },
                  { variant: 'off', weight: 50_000 },
                ],
              },
            },
          },
        ],
      }),
    );
    const stdout = ok(await cli('flags', 'get', 'new-checkout'));
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('new-checkout (production, version 2)');
    expect(lines[1]).toBe('New checkout flow');
    expect(stdout).toMatch(/^state +on$/m);
    expect(stdout).toMatch(/^percentage +5% of users get "on"$/m);
    expect(stdout).toMatch(/^targets +on: user-1, user-2$/m);
    expect(stdout).toMatch(/^rules +1\. staff: email endsWith "@acme\.com" → on$/m);
    expect(stdout).toMatch(/^ +2\. country not in "NL", "BE" → rollout on 50%, off 50%$/m);
    expect(stdout).toMatch(/^fallthrough +rollout on 5%, off 95%$/m);
  });

  it('prints the flag document with --json', async () => {
    const flag = JSON.parse(ok(await cli('flags', 'get', 'new-checkout', '--json')));
    expect(flag).toEqual((await server.api('GET', flagPath())).body);
  });
});

describe('flags ramp', () => {
  it('ramps 5% → 25%, and history shows both versions with what changed', async () => {
    expect(ok(await cli('flags', 'ramp', 'new-checkout', '25'))).toBe('new-checkout: 5% → 25% (version 2)\n');
    expect(await onWeight()).toBe(25_000);

    const rows = tableRows(ok(await cli('flags', 'history', 'new-checkout')));
    expect(rows[0]).toEqual(['VERSION', 'TIME (UTC)', 'BY', 'STATE', 'PERCENTAGE', 'CHANGE']);
    expect(rows.map((r) => [r[0], r[2], r[3], r[4], r[5]])).toEqual([
      ['VERSION', 'BY', 'STATE', 'PERCENTAGE', 'CHANGE'],
      ['2', 'SWITCHYARD_ADMIN_TOKEN', 'on', '25%', 'percentage 5 → 25'],
      ['1', 'server start', 'on', '5%', 'created'],
    ]);
  });

  it('takes up to 3 decimals and a trailing %', async () => {
    expect(ok(await cli('flags', 'ramp', 'new-checkout', '2.125%'))).toBe(
      'new-checkout: 5% → 2.125% (version 2)\n',
    );
    expect(await onWeight()).toBe(2_125);
  });

  it('says so when the flag is already at that percentage, and makes no new version', async () => {
    expect(ok(await cli('flags', 'ramp', 'new-checkout', '5'))).toBe(
      'new-checkout: already at 5% (version 1)\n',
    );
    expect((await server.api('GET', flagPath())).body.version).toBe(1);
  });

  it('warns that a disabled flag still serves nobody', async () => {
    await server.api('POST', `${flagPath()}/disable`);
    const stdout = ok(await cli('flags', 'ramp', 'new-checkout', '50'));
    expect(stdout).toContain('new-checkout: 5% → 50% (version 3)');
    expect(stdout).toContain('switchyard flags enable new-checkout --env production');
  });

  it('changes the flag when --if-version matches', async () => {
    expect(ok(await cli('flags', 'ramp', 'new-checkout', '10', '--if-version', '1'))).toBe(
      'new-checkout: 5% → 10% (version 2)\n',
    );
  });

  it('prints the new flag document with --json', async () => {
    const flag = JSON.parse(ok(await cli('flags', 'ramp', 'new-checkout', '40', '--json')));
    expect(flag.version).toBe(2);
    expect(flag.fallthrough.rollout.variants).toEqual([
      { variant: 'on', weight: 40_000 },
      { variant: 'off', weight: 60_000 },
    ]);
  });

  it('ramps the environment of --env only', async () => {
    ok(await cli('flags', 'ramp', 'new-checkout', '100', '--env', 'development'));
    const dev = await server.api('GET', flagPath('new-checkout', 'development'));
    expect(dev.body.fallthrough.rollout.variants[0]).toEqual({ variant: 'on', weight: 100_000 });
    expect(await onWeight()).toBe(5_000);
  });
});

describe('flags enable and disable', () => {
  it('turns the flag off and on, and history shows both changes', async () => {
    expect(ok(await cli('flags', 'disable', 'new-checkout'))).toBe(
      'new-checkout: disabled, everyone gets "off" (version 2)\n',
    );
    expect((await server.api('GET', flagPath())).body.enabled).toBe(false);
    expect(ok(await cli('flags', 'disable', 'new-checkout'))).toBe(
      'new-checkout: already disabled (version 2)\n',
    );
    expect(ok(await cli('flags', 'enable', 'new-checkout', '--if-version', '2'))).toBe(
      'new-checkout: enabled (version 3)\n',
    );
    expect((await server.api('GET', flagPath())).body.enabled).toBe(true);

    const changes = tableRows(ok(await cli('flags', 'history', 'new-checkout'))).map((r) => [
      r[0],
      r[3],
      r[5],
    ]);
    expect(changes.slice(1)).toEqual([
      ['3', 'on', 'disabled → enabled'],
      ['2', 'off', 'enabled → disabled'],
      ['1', 'on', 'created'],
    ]);
  });
});

describe('flags history', () => {
  it('prints the API JSON with --json, newest first', async () => {
    await server.api('POST', `${flagPath()}/rollout`, { percentage: 30 });
    const { versions } = JSON.parse(ok(await cli('flags', 'history', 'new-checkout', '--json')));
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
  });
});

describe('flags restore', () => {
  it('writes an earlier version again as the newest one and says what that changed', async () => {
    ok(await cli('flags', 'ramp', 'new-checkout', '25'));
    ok(await cli('flags', 'disable', 'new-checkout'));
    expect(ok(await cli('flags', 'restore', 'new-checkout', '1'))).toBe(
      'new-checkout: restored version 1 as version 4 (disabled → enabled; percentage 25 → 5)\n',
    );
    const flag = (await server.api('GET', flagPath())).body;
    expect([flag.version, flag.enabled]).toEqual([4, true]);
    expect(await onWeight()).toBe(5_000);

    const rows = tableRows(ok(await cli('flags', 'history', 'new-checkout')));
    expect(rows.map((r) => r[0])).toEqual(['VERSION', '4', '3', '2', '1']);
    expect(rows[1]?.[5]).toBe('disabled → enabled; percentage 25 → 5');
  });
});
