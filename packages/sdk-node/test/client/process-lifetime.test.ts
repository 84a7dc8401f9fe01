import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { booleanFlag } from '@switchyard/test-support/flags';
import { afterEach, describe, expect, it } from 'vitest';
import { type StandInServer, startStandInServer } from '../support/stand-in-server.js';

const PACKAGE_ROOT = join(import.meta.dirname, '../..');

/** Runs the fixture in its own Node process; resolves with its exit code, output and run time. */
function runScript(
  env: Record<string, string>,
): Promise<{ code: number | null; output: string; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(
      process.execPath,
      ['--conditions=@switchyard/source', '--import', 'tsx', 'test/fixtures/exit-without-close.ts'],
      { cwd: PACKAGE_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    // A process the SDK keeps alive would never exit; stop it and let the assertions say so.
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, output, ms: Date.now() - started });
    });
  });
}

describe('the host process', () => {
  let server: StandInServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('exits when its work is done, although the stream is open and close() was never called', async () => {
    server = await startStandInServer();
    server.putFlag(booleanFlag('new-checkout', 100));
    const result = await runScript({ SWITCHYARD_URL: server.url, SWITCHYARD_SDK_KEY: server.sdkKey });
    expect(result.output).toContain('{"state":"valid","enabled":true}');
    expect(result.code).toBe(0);
  });

  it('is kept alive by an awaited close() until the last metrics are sent', async () => {
    server = await startStandInServer();
    server.putFlag(booleanFlag('new-checkout', 100));
    const result = await runScript({
      SWITCHYARD_URL: server.url,
      SWITCHYARD_SDK_KEY: server.sdkKey,
      SWITCHYARD_CLOSE: '1',
    });
    expect(result.code).toBe(0);
    expect(server.eventBatches.flatMap((b) => b.metrics)).toEqual([
      { flag: 'new-checkout', variant: 'on', evaluations: 2, exposures: 1, errors: 0 },
    ]);
  });

  it('is kept alive by an awaited ready() only until it settles, with the server down', async () => {
    // Port 9 (discard) has no listener; a stopped test server's port could be reused by another test.
    const result = await runScript({ SWITCHYARD_URL: 'http://127.0.0.1:9', SWITCHYARD_SDK_KEY: 'any' });
    expect(result.output).toContain('{"state":"initializing","enabled":false}');
    expect(result.code).toBe(0);
  });
});
