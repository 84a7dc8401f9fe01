import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The server package, whose src/main.ts the launches run. */
const SERVER_ROOT = fileURLToPath(new URL('../../server', import.meta.url));

/** How to run `switchyard-server`: node arguments and working directory. */
export interface ServerLaunch {
  nodeArgs: string[];
  cwd: string;
}

/** src/main.ts through tsx, as `npm start` runs the built file. */
export const SOURCE_LAUNCH: ServerLaunch = {
  nodeArgs: ['--conditions=@switchyard/source', '--import', 'tsx', 'src/main.ts'],
  cwd: SERVER_ROOT,
};

/**
 * Tests stop servers with SIGTERM and do not wait for a load balancer: no drain unless a test asks
 * for one.
 */
const TEST_ENV = { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', DRAIN_SECONDS: '0' };

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Calls spawned servers over HTTP with `token` (or another one per call); the body parsed as JSON,
 * undefined when empty.
 */
export function apiCaller(token: string) {
  return async (base: string, method: string, path: string, body?: unknown, as = token) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${as}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
}

/**
 * Runs `switchyard-server` (by default from source, see {@link SOURCE_LAUNCH}) in its own process and
 * waits until it prints its URL.
 */
export async function spawnServer(
  env: Record<string, string>,
  args: string[] = [],
  timeoutMs = 20_000,
  launch: ServerLaunch = SOURCE_LAUNCH,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...launch.nodeArgs, ...args], {
    cwd: launch.cwd,
    env: { ...process.env, ...TEST_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const check = () => {
      const match = /Switchyard is running at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    };
    child.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before starting:\n${output}`));
    });
  });

  return {
    url,
    child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs the server command to completion (e.g. `new-admin-token`) and returns its exit code and output. */
export function runServerCommand(
  env: Record<string, string>,
  args: string[],
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [...SOURCE_LAUNCH.nodeArgs, ...args], {
    cwd: SOURCE_LAUNCH.cwd,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

/** The admin token of servers started by {@link spawnAdminServer} (32 characters: no short-token warning). */
export const PROCESS_ADMIN_TOKEN = 'process-admin-token-0123456789abc';

export interface AdminServerProcess extends ServerProcess {
  readonly dataDir: string;
  /** Calls the server with the admin token (or `as`); see {@link apiCaller}. */
  api(method: string, path: string, body?: unknown, as?: string): Promise<{ status: number; body: any }>;
  /** Creates a key of `kind` (for `environment`, default production) and returns its id and secret. */
  createKey(
    kind: 'admin' | 'server' | 'client',
    environment?: string,
  ): Promise<{ id: string; secret: string }>;
}

/**
 * {@link spawnServer} over a fresh data directory (unless `env` names a DATA_DIR or REDIS_URL) with a
 * known admin token, for tests that call it as an operator and an attacker would.
 */
export async function spawnAdminServer(env: Record<string, string> = {}): Promise<AdminServerProcess> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'switchyard-process-'));
  const server = await spawnServer({
    SWITCHYARD_ADMIN_TOKEN: PROCESS_ADMIN_TOKEN,
    DATA_DIR: dataDir,
    ...env,
  });
  const call = apiCaller(PROCESS_ADMIN_TOKEN);
  const api: AdminServerProcess['api'] = (method, path, body, as) => call(server.url, method, path, body, as);
  return {
    ...server,
    dataDir,
    api,
    async createKey(kind, environment = 'production') {
      const res = await api('POST', '/api/v1/keys', {
        kind,
        name: `test ${kind}`,
        ...(kind === 'admin' ? {} : { environment }),
      });
      if (res.status !== 201)
        throw new Error(`could not create key: ${res.status} ${JSON.stringify(res.body)}`);
      return { id: res.body.id as string, secret: res.body.secret as string };
    },
    async stop(signal) {
      const code = await server.stop(signal);
      if (env.DATA_DIR === undefined) rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}
