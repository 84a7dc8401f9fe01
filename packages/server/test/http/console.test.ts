import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '@switchyard/test-support/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONSOLE_DIR, loadConfig } from '../../src/config/config.js';

const INDEX = '<!doctype html><title>console</title><script src="/admin/assets/app-abc123.js"></script>';

describe('the admin console at /admin', () => {
  let dir: string;
  let t: TestServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'assets', 'app-abc123.js'), 'console.log("console")');
    t = await startTestServer({ consoleDir: dir });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at /admin and /admin/, uncached', async () => {
    for (const path of ['/admin', '/admin/']) {
      const res = await fetch(`${t.url}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toBe(INDEX);
    }
  });

  it('answers client-side routes with index.html, so a reload on a flag page works', async () => {
    const res = await fetch(`${t.url}/admin/production/flags/new-checkout`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(INDEX);
  });

  it('serves hashed assets as immutable', async () => {
    const res = await fetch(`${t.url}/admin/assets/app-abc123.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(await res.text()).toBe('console.log("console")');
  });

  it('answers a missing asset with a 404 in the API error format, not the page', async () => {
    const res = await fetch(`${t.url}/admin/assets/missing-1.js`);
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('SY_ERR_NOT_FOUND');
  });

  it('needs no admin token for the page itself, and leaves the API alone', async () => {
    expect((await t.api('GET', '/api/v1/environments', undefined, { token: null })).status).toBe(401);
    expect((await t.api('GET', '/api/v1/nope')).status).toBe(404);
  });
});

describe('without a console build', () => {
  it('says how to build it', async () => {
    const t = await startTestServer({ consoleDir: join(tmpdir(), 'switchyard-no-console-here') });
    try {
      for (const path of ['/admin', '/admin/production/flags']) {
        const res = await fetch(`${t.url}${path}`);
        expect(res.status).toBe(503);
        expect(res.headers.get('content-type')).toMatch(/text\/html/);
        expect(await res.text()).toContain('--filter @switchyard/console build');
      }
    } finally {
      await t.close();
    }
  });
});

describe('CONSOLE_DIR', () => {
  it('defaults to packages/console/dist and can be set', () => {
    expect(loadConfig({}).consoleDir).toBe(DEFAULT_CONSOLE_DIR);
    expect(DEFAULT_CONSOLE_DIR.replaceAll('\\', '/')).toMatch(/packages\/console\/dist$/);
    expect(loadConfig({ CONSOLE_DIR: '/srv/console' }).consoleDir).toBe('/srv/console');
  });
});
