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

function secretIn(stdout: string, kind: string): string {
  const secret = new RegExp(`^  (sy_${kind}_\\S+)$`, 'm').exec(stdout)?.[1];
  if (secret === undefined) throw new Error(`no ${kind} secret in:\n${stdout}`);
  return secret;
}

describe('keys create', () => {
  it('prints a working server key for --env once, with a warning, and keys list never shows it', async () => {
    const created = await cli('keys', 'create', '--kind', 'server', '--name', 'checkout-service');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^created server key "checkout-service" for production \(id [\w-]+\)$/m);
    expect(created.stdout).toContain('it is not shown again');
    const secret = secretIn(created.stdout, 'server');

    const ruleset = await fetch(`${server.url}/sdk/v1/ruleset`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(ruleset.status).toBe(200);

    const listed = await cli('keys', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toContain(secret);
    expect(listed.stdout).not.toContain('sy_server_');
    const row = tableRows(listed.stdout).find((r) => r[2] === 'checkout-service');
    expect(row?.slice(1, 4)).toEqual(['server', 'checkout-service', 'production']);
    expect(row?.[5]).toBe('active');
  });

  it('gives a client key the environment of --env', async () => {
    const created = await cli('keys', 'create', '--kind', 'client', '--env', 'development', '--name', 'web');
    expect(created.stdout).toMatch(/^created client key "web" for development/m);
    const evaluate = await fetch(`${server.url}/sdk/v1/evaluate`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${secretIn(created.stdout, 'client')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ context: { userId: 'u-1' } }),
    });
    expect(evaluate.status).toBe(200);
  });

  it('makes an admin key for every environment unless --env is given', async () => {
    const all = await cli('keys', 'create', '--kind', 'admin', '--name', 'release-bot', '--json');
    const body = JSON.parse(all.stdout);
    expect([body.kind, body.name, body.environment]).toEqual(['admin', 'release-bot', null]);
    expect(body.secret).toMatch(/^sy_admin_/);

    const scoped = await cli(
      'keys',
      'create',
      '--kind',
      'admin',
      '--name',
      'dev-admin',
      '--env',
      'development',
    );
    expect(scoped.stdout).toMatch(/^created admin key "dev-admin" for development/m);

    const rows = tableRows((await cli('keys', 'list')).stdout);
    expect(rows.find((r) => r[2] === 'release-bot')?.[3]).toBe('(all)');
    expect(rows.find((r) => r[2] === 'dev-admin')?.[3]).toBe('development');
  });

  it('names a key after its kind when --name is left out', async () => {
    const created = await cli('keys', 'create', '--kind', 'server');
    expect(created.stdout).toMatch(/^created server key "server key" for production/m);
  });

  it('lists keys as the API JSON with --json, without secrets', async () => {
    const listed = await cli('keys', 'list', '--json');
    const { keys } = JSON.parse(listed.stdout);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).not.toHaveProperty('secret');
      expect(key).not.toHaveProperty('secretHash');
    }
  });

  it('rejects a missing or unknown --kind before calling the server (exit 2)', async () => {
    const missing = await cli('keys', 'create');
    expect([missing.code, missing.stderr]).toEqual([
      2,
      'switchyard: --kind is required: server, client or admin\n',
    ]);
    const unknown = await cli('keys', 'create', '--kind', 'root');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('switchyard: --kind must be server, client or admin; got "root"\n');
  });

  it("reports the server's validation message, naming the field (exit 1)", async () => {
    const result = await cli('keys', 'create', '--kind', 'admin', '--name', '');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'switchyard: the server rejected the request (400): Invalid key: name: must not be empty\n',
    );
  });
});
