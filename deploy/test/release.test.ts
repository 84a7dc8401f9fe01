import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerProcess, spawnServer } from '@switchyard/test-support/server-process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
/** The Node.js options the image starts the bundle with. */
const nodeFlags = JSON.parse(readFileSync(join(ROOT, 'packages/server/node-flags.json'), 'utf8')) as string[];
const TOKEN = 'release-test-admin-token-0123';

let buildDir: string;
let runDir: string;
let server: ServerProcess | undefined;

beforeAll(() => {
  buildDir = mkdtempSync(join(tmpdir(), 'switchyard-release-build-'));
  const out = join(buildDir, 'switchyard-server');
  const result = spawnSync(process.execPath, ['scripts/release.mjs', '--out', out], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.status !== 0) throw new Error(`pnpm release failed:\n${result.stdout}\n${result.stderr}`);
  // Started from a directory of its own, as the Docker image does: no workspace, no node_modules near it.
  runDir = mkdtempSync(join(tmpdir(), 'switchyard-release-run-'));
  cpSync(out, join(runDir, 'app'), { recursive: true });
}, 150_000);

afterAll(async () => {
  await server?.stop('SIGKILL');
  for (const dir of [buildDir, runDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('pnpm release', () => {
  it('makes one server file, the console and a package.json, with no node_modules', () => {
    const app = join(runDir, 'app');
    expect(readdirSync(app).sort()).toEqual(
      expect.arrayContaining(['console', 'package.json', 'server.mjs']),
    );
    expect(existsSync(join(app, 'node_modules'))).toBe(false);
    expect(existsSync(join(app, 'console', 'index.html'))).toBe(true);
    const pkg = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ type: 'module', bin: { 'switchyard-server': './server.mjs' } });
    expect(pkg.dependencies).toBeUndefined();
  });

  it('starts from an empty directory outside the workspace, gets ready and serves the console', {
    timeout: 60_000,
  }, async () => {
    // NODE_PATH would let a missing dependency be found in the workspace; the bundle must not need it.
    server = await spawnServer(
      { DATA_DIR: join(runDir, 'data'), SWITCHYARD_ADMIN_TOKEN: TOKEN, NODE_PATH: '' },
      [],
      45_000,
      // As the image's ENTRYPOINT starts it.
      { nodeArgs: [...nodeFlags, join(runDir, 'app', 'server.mjs')], cwd: runDir },
    );
    const ready = await fetch(`${server.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });

    const page = await fetch(`${server.url}/admin/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const script = /<script[^>]+src="(\/admin\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${server.url}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);

    const flags = await fetch(`${server.url}/api/v1/environments/production/flags`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(flags.status).toBe(200);

    expect(await server.stop('SIGTERM')).toBe(0);
    server = undefined;
  });
});
