import { booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, cliFor, tableRows } from '../support/cli.js';

let server: TestServer;
let cli: (...args: string[]) => Promise<CliResult>;

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  cli = cliFor(server);
  await server.api('POST', '/api/v1/environments/production/flags/new-checkout/rollout', { percentage: 25 });
  await server.api('POST', '/api/v1/environments/production/flags/new-checkout/disable');
  await server.api('PUT', '/api/v1/environments/production/flags/other-flag', booleanFlag('other-flag', 50));
  await server.api('POST', '/api/v1/environments/development/flags/new-checkout/rollout', { percentage: 75 });
});
afterAll(async () => {
  await server.close();
});

describe('audit', () => {
  it("lists the environment's changes newest first: time, who, action, flag and what changed", async () => {
    const result = await cli('audit');
    expect(result.code).toBe(0);
    const rows = tableRows(result.stdout);
    expect(rows[0]).toEqual(['TIME (UTC)', 'WHO', 'ACTION', 'FLAG', 'CHANGE']);
    expect(rows.slice(1, 4).map((r) => r.slice(1))).toEqual([
      ['SWITCHYARD_ADMIN_TOKEN', 'flag.put', 'other-flag', 'created'],
      ['SWITCHYARD_ADMIN_TOKEN', 'flag.disable', 'new-checkout', 'enabled → disabled'],
      ['SWITCHYARD_ADMIN_TOKEN', 'flag.rollout', 'new-checkout', 'percentage 5 → 25'],
    ]);
    expect(rows[1]?.[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    // The development ramp is another environment's.
    expect(result.stdout).not.toContain('percentage 0 → 75');
  });

  it('shows one flag with --flag, at most --limit entries', async () => {
    const rows = tableRows((await cli('audit', '--flag', 'new-checkout', '--limit', '2')).stdout);
    expect(rows.slice(1).map((r) => [r[2], r[3]])).toEqual([
      ['flag.disable', 'new-checkout'],
      ['flag.rollout', 'new-checkout'],
    ]);
  });

  it('reads the environment of --env', async () => {
    const rows = tableRows((await cli('audit', '--env', 'development', '--flag', 'new-checkout')).stdout);
    expect(rows[1]?.slice(2)).toEqual(['flag.rollout', 'new-checkout', 'percentage 0 → 75']);
  });

  it('prints the API JSON with --json', async () => {
    const { entries } = JSON.parse((await cli('audit', '--flag', 'other-flag', '--json')).stdout);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'flag.put', resource: { kind: 'flag', key: 'other-flag' } });
    expect(entries[0].after.version).toBe(1);
  });

  it('rejects a --limit that is not a positive whole number before calling the server (exit 2)', async () => {
    const result = await cli('audit', '--limit', '0');
    expect([result.code, result.stderr]).toEqual([
      2,
      'switchyard: --limit must be a whole number of at least 1; got "0"\n',
    ]);
  });

  it("reports the server's message, naming the field, for a --limit over its maximum (exit 1)", async () => {
    const result = await cli('audit', '--limit', '5000');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^switchyard: the server rejected the request \(400\): Invalid query: limit: .*1000\n$/,
    );
  });
});
