import { startTestServer, type TestServer } from '@switchyard/test-support/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, cliFor, tableRows } from '../support/cli.js';

let server: TestServer;
let cli: (...args: string[]) => Promise<CliResult>;

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  cli = cliFor(server);
});
afterAll(async () => {
  await server.close();
});

describe('triggers', () => {
  it('creates a trigger and prints its full URL once; the URL works; list shows it without the URL; delete removes it', async () => {
    const created = await cli(
      'triggers',
      'create',
      'new-checkout',
      '--action',
      'rollout',
      '--percentage',
      '0',
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^created trigger [\w-]+ on new-checkout in production: ramps to 0%$/m);
    const url = new RegExp(`^  (${server.url}/hooks/v1/triggers/sy_trigger_\\S+)$`, 'm').exec(
      created.stdout,
    )?.[1];
    expect(url).toBeDefined();
    const id = /created trigger ([\w-]+)/.exec(created.stdout)?.[1] as string;

    const fired = await fetch(url as string, { method: 'POST' });
    expect(await fired.json()).toMatchObject({ applied: true });
    const flag = await server.api('GET', '/api/v1/environments/production/flags/new-checkout');
    expect(flag.body.fallthrough.rollout.variants[0]).toEqual({ variant: 'on', weight: 0 });

    const listed = await cli('triggers', 'list', 'new-checkout');
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toContain('sy_trigger_');
    expect(
      tableRows(listed.stdout)
        .find((r) => r[0] === id)
        ?.slice(0, 2),
    ).toEqual([id, 'ramps to 0%']);

    const deleted = await cli('triggers', 'delete', 'new-checkout', id);
    expect(deleted.code).toBe(0);
    expect((await cli('triggers', 'list', 'new-checkout')).stdout).toBe(
      'new-checkout has no alert triggers in production\n',
    );
    const again = await cli('triggers', 'delete', 'new-checkout', id);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`switchyard: flag "new-checkout" in "production" has no trigger "${id}"\n`);
  }, 90_000);

  it('checks the action before sending anything', async () => {
    const none = await cli('triggers', 'create', 'new-checkout');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--action is required');
    const noPercentage = await cli('triggers', 'create', 'new-checkout', '--action', 'rollout');
    expect(noPercentage.code).toBe(2);
    expect(noPercentage.stderr).toContain('--action rollout needs --percentage');
    const wrong = await cli('triggers', 'create', 'new-checkout', '--action', 'explode');
    expect(wrong.code).toBe(2);
    expect(
      (await server.api('GET', '/api/v1/environments/production/flags/new-checkout/triggers')).body.triggers,
    ).toEqual([]);
  });

  it('prints the created trigger as JSON with the full URL', async () => {
    const created = await cli('triggers', 'create', 'new-checkout', '--action', 'disable', '--json');
    expect(created.code).toBe(0);
    const body = JSON.parse(created.stdout);
    expect(body).toMatchObject({ action: 'disable', flag: 'new-checkout', percentage: null });
    expect(body.url.startsWith(`${server.url}/hooks/v1/triggers/sy_trigger_`)).toBe(true);
  });
});
