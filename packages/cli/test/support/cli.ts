import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ADMIN_TOKEN, type TestServer } from '@switchyard/test-support/server';

const PACKAGE_ROOT = join(import.meta.dirname, '../..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `switchyard` command in its own Node process, from the TypeScript source through
 * tsx, with only the given SWITCHYARD_* variables set.
 */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('SWITCHYARD_')),
  );
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=@switchyard/source', '--import', 'tsx', 'src/main.ts', ...args],
      { cwd: PACKAGE_ROOT, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `runCli` pointed at a test server with its admin token, as a user with both variables set. */
export function cliFor(server: TestServer, token = ADMIN_TOKEN) {
  return (...args: string[]) => runCli(args, { SWITCHYARD_URL: server.url, SWITCHYARD_TOKEN: token });
}

/** The address of a port nothing listens on: bound once to find a free one, then closed. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${address.port}`;
}

/** The lines of a table on stdout, each split into its cells (two or more spaces apart). */
export function tableRows(stdout: string): string[][] {
  return stdout
    .trimEnd()
    .split('\n')
    .map((line) => line.split(/ {2,}/));
}
