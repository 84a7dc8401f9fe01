import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runServerCommand, spawnServer } from '@switchyard/test-support/server-process';
import { describe, expect, it } from 'vitest';
import { envSchema, loadConfig } from '../src/config/config.js';

const dataDir = () => mkdtempSync(join(tmpdir(), 'switchyard-start-'));

async function get(url: string, token?: string) {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as any };
}

describe('switchyard-server', () => {
  it('starts on the file store with environments, the demo flag at 5% and a token printed once', async () => {
    const dir = dataDir();
    const first = await spawnServer({ DATA_DIR: dir });
    const token = /Admin token: (sy_admin_\S+)/.exec(first.output())?.[1];
    expect(token).toBeDefined();
    expect(first.output()).toContain(`${first.url}/api/v1`);
    const flag = await get(`${first.url}/api/v1/environments/production/flags/new-checkout`, token);
    expect(flag.status).toBe(200);
    expect(flag.body.fallthrough.rollout.variants).toEqual([
      { variant: 'on', weight: 5000 },
      { variant: 'off', weight: 95_000 },
    ]);
    expect(
      (await get(`${first.url}/api/v1/environments`, token)).body.environments.map((e: any) => e.key),
    ).toEqual(['development', 'production']);
    // Ramp, then restart on the same directory: the change and the token survive; no new token is shown.
    const ramp = await fetch(`${first.url}/api/v1/environments/production/flags/new-checkout/rollout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ percentage: 25 }),
    });
    expect(ramp.status).toBe(200);
    expect(await first.stop()).toBe(0);

    const second = await spawnServer({ DATA_DIR: dir });
    expect(second.output()).not.toMatch(/sy_admin_/);
    expect(second.output()).toContain('npm start -- new-admin-token');
    const after = await get(`${second.url}/api/v1/environments/production/flags/new-checkout`, token);
    expect(after.body.version).toBe(2);
    expect(after.body.fallthrough.rollout.variants[0].weight).toBe(25_000);
    await second.stop();

    const made = await runServerCommand({ DATA_DIR: dir }, ['new-admin-token']);
    expect(made.code).toBe(0);
    const newToken = /(sy_admin_\S+)/.exec(made.output)?.[1];
    const third = await spawnServer({ DATA_DIR: dir });
    expect((await get(`${third.url}/api/v1/environments`, newToken)).status).toBe(200);
    await third.stop();
  });

  it('exits with a message naming a bad setting', async () => {
    const result = await runServerCommand({ DATA_DIR: dataDir(), PORT: 'eighty', LOG_LEVEL: 'loud' }, []);
    expect(result.code).toBe(1);
    expect(result.output).toContain('PORT');
    expect(result.output).toContain('LOG_LEVEL');
  });
});

describe('configuration', () => {
  it('defaults every setting', () => {
    expect(loadConfig({})).toMatchObject({
      port: 4242,
      host: '127.0.0.1',
      dataDir: './data',
      logLevel: 'info',
      heartbeatMs: 15_000,
    });
  });

  it('names each bad variable', () => {
    expect(() => loadConfig({ REDIS_URL: 'http://x', SWITCHYARD_ADMIN_TOKEN: 'short' })).toThrow(
      /REDIS_URL[\s\S]*SWITCHYARD_ADMIN_TOKEN/,
    );
  });

  it('defaults the limits as docs/security.md says, and refuses a headers timeout over the request timeout', () => {
    expect(loadConfig({}).limits).toEqual({
      windowMs: 10_000,
      sdkPerKey: 5_000,
      adminPerKey: 2_000,
      failedAuthPerAddress: 100,
      streamsPerKey: 1_000,
      streams: 10_000,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
    });
    expect(() => loadConfig({ HEADERS_TIMEOUT_SECONDS: '60', REQUEST_TIMEOUT_SECONDS: '30' })).toThrow(
      /HEADERS_TIMEOUT_SECONDS/,
    );
  });

  it('documents every variable in docs/configuration.md with its default', () => {
    const doc = readFileSync(join(import.meta.dirname, '../docs/configuration.md'), 'utf8');
    const documented = [...doc.matchAll(/^\|\s*`([A-Z_]+)`\s*\|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(envSchema.shape).sort());
  });

  it('reads CORS origins as a list', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example, https://b.example' }).corsOrigins).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
  });
});
