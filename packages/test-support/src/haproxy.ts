/**
 * A real HAProxy (Debian `haproxy`, installed by `npm test`) in front of Switchyard instances, for the
 * rolling-restart test, its benchmark and the chaos run.
 *
 *   const lb = await startHaproxy({ servers: { s1: port1, s2: port2, s3: port3 } });
 *   fetch(`${lb.url}/sdk/v1/...`);                  // every request goes through HAProxy
 *   await lb.setServer('s2', newPort);               // an instance came back on another port
 *   await lb.waitFor('s2', 'UP');                    // HAProxy's health check sees it ready
 *   await lb.runtime('disable health switchyard/s1'); // any runtime API command; the answer
 *   await lb.restart();                              // HAProxy itself restarts (same port, same servers)
 *   await lb.stop();                                 // kills HAProxy and removes its directory
 *
 * What the configuration does (see docs/operations.md, where the same settings are recommended):
 * - active health checks `GET /health/ready` every 200 ms, down after 2 failures and up after 2
 *   successes, so that a draining instance (503 at once on SIGTERM) leaves within about half a second;
 * - `retries 3` with `option redispatch 1`: a connection refused or reset before the request was sent
 *   (an instance that just exited) is retried on another server, POSTs included, since the server
 *   never saw them;
 * - one-hour `timeout server`/`timeout client`/`timeout tunnel`, so that idle SSE streams are not cut
 *   by the proxy; a short `timeout connect`;
 * - an admin runtime socket, through which `setServer` changes an address without a reload.
 * Server names are the keys of `servers`; the backend is `switchyard`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

export interface HaproxyOptions {
  /** Server name → port on 127.0.0.1. */
  servers: Record<string, number>;
}

/** A server's state as HAProxy's health checks see it (`show stat`: UP, DOWN, MAINT, "UP 1/2"...). */
export type ServerStatus = string;

export interface Haproxy {
  /** `http://127.0.0.1:<port>`: the frontend. */
  readonly url: string;
  readonly port: number;
  /** Points server `name` at another port (runtime API; kept for `restart()`). */
  setServer(name: string, port: number): Promise<void>;
  /** Every server's status, by name. */
  status(): Promise<Record<string, ServerStatus>>;
  /** Waits until server `name` is UP (or DOWN) in HAProxy's eyes; throws after `timeoutMs`. */
  waitFor(name: string, state: 'UP' | 'DOWN', timeoutMs?: number): Promise<void>;
  /**
   * The backend's connection retries on the same server and redispatches to another one so far (since
   * the last (re)start); with `option redispatch 1` a refused connection is usually a redispatch.
   */
  retries(): Promise<{ retries: number; redispatches: number }>;
  /** One command on HAProxy's admin runtime API (e.g. `disable health switchyard/s1`); its answer. */
  runtime(command: string): Promise<string>;
  /** Stops HAProxy (every connection through it drops) and starts it again on the same port. */
  restart(): Promise<void>;
  /** Kills HAProxy and removes its directory. */
  stop(): Promise<void>;
}

const BACKEND = 'switchyard';
const START_TIMEOUT_MS = 10_000;

function config(port: number, socket: string, servers: Map<string, number>): string {
  return [
    'global',
    '  maxconn 4000',
    `  stats socket ${socket} mode 600 level admin`,
    '  hard-stop-after 2s',
    // A port another process already holds fails the start instead of being shared.
    '  noreuseport',
    '',
    'defaults',
    '  mode http',
    '  timeout connect 1s',
    '  timeout client 1h',
    '  timeout server 1h',
    '  timeout tunnel 1h',
    '  timeout http-request 10s',
    '  timeout queue 5s',
    // A check's answer may take this long on a busy machine (without it, the timeout is `inter`).
    '  timeout check 2s',
    '  retries 3',
    '  option redispatch 1',
    '  retry-on conn-failure empty-response',
    '',
    'frontend fe',
    `  bind 127.0.0.1:${port}`,
    `  default_backend ${BACKEND}`,
    '',
    `backend ${BACKEND}`,
    '  balance roundrobin',
    '  option httpchk GET /health/ready',
    '  http-check expect status 200',
    '  default-server inter 200ms fastinter 100ms downinter 200ms fall 2 rise 2',
    ...[...servers].map(([name, p]) => `  server ${name} 127.0.0.1:${p} check`),
    '',
  ].join('\n');
}

/** One command on the admin socket; the whole answer. */
function runtime(socket: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const conn = createConnection(socket);
    let answer = '';
    conn.setTimeout(2_000, () => conn.destroy(new Error(`haproxy runtime API: no answer to ${command}`)));
    conn.on('connect', () => conn.end(`${command}\n`));
    conn.on('data', (chunk) => {
      answer += chunk;
    });
    conn.on('error', reject);
    conn.on('close', () => resolve(answer));
  });
}

export async function startHaproxy(options: HaproxyOptions): Promise<Haproxy> {
  const dir = await mkdtemp(join(tmpdir(), 'switchyard-haproxy-'));
  const port = await freePort();
  const socket = join(dir, 'admin.sock');
  const file = join(dir, 'haproxy.cfg');
  const servers = new Map(Object.entries(options.servers));
  let child: ChildProcess | undefined;
  let exitInfo: string | undefined;
  const killOnExit = () => child?.kill('SIGKILL');

  const status = async () => {
    const csv = await runtime(socket, `show stat -1 4 -1`);
    const lines = csv.trim().split('\n');
    const header = (lines[0] ?? '').replace(/^# /, '').split(',');
    const name = header.indexOf('svname');
    const state = header.indexOf('status');
    const result: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const cells = line.split(',');
      if (cells[0] === BACKEND) result[cells[name] ?? ''] = cells[state] ?? '';
    }
    return result;
  };

  const start = async () => {
    await writeFile(file, config(port, socket, servers));
    await rm(socket, { force: true });
    exitInfo = undefined;
    let output = '';
    const proc = spawn('haproxy', ['-f', file, '-db'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    proc.stdout?.on('data', (d) => {
      output += d;
    });
    proc.stderr?.on('data', (d) => {
      output += d;
    });
    proc.once('error', (err) => {
      exitInfo = `${err.message} (is haproxy installed? apt-get install haproxy)`;
    });
    proc.once('exit', (code, signal) => {
      exitInfo = `code ${code}, signal ${signal}: ${output.trim()}`;
    });
    process.once('exit', killOnExit);
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (exitInfo !== undefined) throw new Error(`haproxy exited while starting: ${exitInfo}`);
      if (
        await status().then(
          (s) => Object.keys(s).length === servers.size,
          () => false,
        )
      )
        return;
      if (Date.now() > deadline) throw new Error(`haproxy did not start within ${START_TIMEOUT_MS} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  const halt = async () => {
    const proc = child;
    if (proc === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
    process.off('exit', killOnExit);
  };

  const stop = async () => {
    await halt();
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await start();
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    async setServer(name, serverPort) {
      if (!servers.has(name)) throw new Error(`haproxy: no server ${name}`);
      servers.set(name, serverPort);
      const answer = await runtime(socket, `set server ${BACKEND}/${name} addr 127.0.0.1 port ${serverPort}`);
      if (!/changed|no need to change/i.test(answer))
        throw new Error(`haproxy: could not point ${name} at ${serverPort}: ${answer.trim()}`);
    },
    status,
    async waitFor(name, state, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      let last = '';
      while (Date.now() < deadline) {
        last = (await status())[name] ?? '';
        if (last === state) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`haproxy: ${name} not ${state} within ${timeoutMs} ms (last: ${last})`);
    },
    async retries() {
      const csv = await runtime(socket, `show stat -1 2 -1`);
      const lines = csv.trim().split('\n');
      const header = (lines[0] ?? '').replace(/^# /, '').split(',');
      const row =
        lines
          .slice(1)
          .find((line) => line.startsWith(`${BACKEND},BACKEND,`))
          ?.split(',') ?? [];
      const cell = (field: string) => Number(row[header.indexOf(field)] ?? 0) || 0;
      return { retries: cell('wretr'), redispatches: cell('wredis') };
    },
    runtime: (command) => runtime(socket, command),
    async restart() {
      await halt();
      await start();
    },
    stop,
  };
}
