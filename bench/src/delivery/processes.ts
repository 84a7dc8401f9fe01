// The processes of the delivery benchmarks: a private redis-server, Switchyard servers run from their
// TypeScript sources (as the server tests spawn them), and load processes of this package. Each gets
// its own open-file limit, since a process holding thousands of sockets needs more than the usual 1,024.
import { type ChildProcess, spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  fstatSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@switchyard/test-support/free-port';

const BENCH_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The server package to run; BENCH_SERVER_DIR points elsewhere to measure a changed copy of it. */
export const SERVER_ROOT = process.env.BENCH_SERVER_DIR ?? join(BENCH_ROOT, '..', 'packages', 'server');

/** How Node runs workspace TypeScript here: tsx compiles on load, @switchyard/* resolves to src/. */
const NODE_ARGS = ['--conditions=@switchyard/source', '--import', 'tsx'];
/** BENCH_CPU_PROFILE_DIR=<dir> makes every spawned Node process write a V8 CPU profile there on exit. */
const PROFILE_ARGS = process.env.BENCH_CPU_PROFILE_DIR
  ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE_DIR}`]
  : [];
/**
 * A profiled server must exit by itself within stop()'s 5 s to write its profile: no drain then (a
 * server drains its streams for DRAIN_SECONDS, 5 by default, before it exits).
 */
const PROFILE_ENV: Record<string, string> = process.env.BENCH_CPU_PROFILE_DIR ? { DRAIN_SECONDS: '0' } : {};
const OUTPUT_KEPT = 64 * 1024;
/** `sh -c` script: raise the soft open-file limit to $0 (or to the hard limit), then exec the command. */
const RAISE_FILE_LIMIT = 'ulimit -n "$0" 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$@"';

export interface BenchProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  /** The last 64 KiB the process printed (stdout and stderr go to a log file, not through a pipe). */
  output(): string;
  /** Resolves with the exit code once the process has exited. */
  readonly exited: Promise<number | null>;
  /** Writes a line to the process's standard input (when spawned with `stdin: true`). */
  send(line: string): void;
  stop(): Promise<void>;
}

let logDir: string | undefined;

/** Output goes to a file so that a chatty process (request logs) costs no pipe reading here. */
function newLogFile(name: string): string {
  logDir ??= mkdtempSync(join(tmpdir(), 'switchyard-bench-logs-'));
  const file = join(logDir, `${name}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.log`);
  return file;
}

// The logs go with the run, unless KEEP_BENCH_LOGS is set (to read a server's log after a failure).
process.once('exit', () => {
  if (logDir !== undefined && process.env.KEEP_BENCH_LOGS === undefined)
    rmSync(logDir, { recursive: true, force: true });
});
// Interrupted (Ctrl-C, a timeout): exit through 'exit' so that every spawned process is killed too.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => process.exit(130));

function tail(file: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    const length = Math.min(size, OUTPUT_KEPT);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return buffer.toString('utf8');
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Spawns `command` through `sh` with the soft open-file limit raised to `fileLimit` (or to the hard
 * limit when that is lower); `exec` keeps the pid, so /proc/<pid> is the command's own.
 */
export function spawnWithFileLimit(
  command: string,
  args: readonly string[],
  options: {
    cwd: string;
    env?: NodeJS.ProcessEnv;
    fileLimit: number;
    stdin?: boolean;
    /** An IPC channel (`child.send`, `process.send`); `exec` hands it on to the command. */
    ipc?: boolean;
    name: string;
  },
): BenchProcess {
  const logFile = newLogFile(options.name);
  const log = openSync(logFile, 'a');
  const child = spawn('sh', ['-c', RAISE_FILE_LIMIT, String(options.fileLimit), command, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: [options.stdin ? 'pipe' : 'ignore', log, log, ...(options.ipc ? (['ipc'] as const) : [])],
  });
  closeSync(log);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? (signal === null ? null : 128))),
  );
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  return {
    pid: child.pid ?? -1,
    child,
    output: () => tail(logFile),
    exited,
    send(line) {
      child.stdin?.write(`${line}\n`);
    },
    async stop() {
      process.off('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Spawns a TypeScript entry point of this package (e.g. a load process) in its own Node process. */
export function spawnBenchScript(
  entry: string,
  options: { env?: NodeJS.ProcessEnv; fileLimit: number; stdin?: boolean; ipc?: boolean },
): BenchProcess {
  const name = basename(entry, '.ts');
  return spawnWithFileLimit(process.execPath, [...NODE_ARGS, ...PROFILE_ARGS, entry], {
    ...options,
    cwd: BENCH_ROOT,
    name,
  });
}

/**
 * Spawns a TypeScript entry point of this package as a worker of the calling process: with a Node IPC
 * channel (`process.send`), its output on the caller's, and its open-file limit raised to `fileLimit`.
 */
export function spawnBenchWorker(
  entry: string,
  options: { env: NodeJS.ProcessEnv; fileLimit: number },
): ChildProcess {
  const child = spawn(
    'sh',
    [
      '-c',
      RAISE_FILE_LIMIT,
      String(options.fileLimit),
      process.execPath,
      ...NODE_ARGS,
      ...PROFILE_ARGS,
      entry,
    ],
    { cwd: BENCH_ROOT, env: options.env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  process.once('exit', () => child.kill('SIGKILL'));
  return child;
}

/** Resolves with the first match of `pattern` in the process's output, or rejects on exit or timeout. */
export async function waitForOutput(
  proc: BenchProcess,
  pattern: RegExp,
  what: string,
  timeoutMs = 30_000,
): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(proc.output());
    if (match !== null) return match;
    if (proc.child.exitCode !== null || proc.child.signalCode !== null)
      throw new Error(`${what} exited (${proc.child.exitCode ?? proc.child.signalCode}):\n${proc.output()}`);
    if (Date.now() > deadline)
      throw new Error(`${what}: not ready within ${timeoutMs} ms:\n${proc.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface ServerProcess extends BenchProcess {
  /** e.g. http://127.0.0.1:40123 */
  readonly url: string;
}

/**
 * The throughput and fan-out benchmarks drive one key from one address far past the per-key rate
 * limits and stream caps that protect a real deployment: they measure delivery, not the limits.
 */
const UNLIMITED = {
  RATE_LIMIT_SDK: '1000000000',
  RATE_LIMIT_ADMIN: '1000000000',
  MAX_STREAMS_PER_KEY: '10000000',
  MAX_STREAMS: '10000000',
};

/**
 * The Node.js options a copy of the server is started with in production (its `node-flags.json`);
 * none for an older copy that has no such file.
 */
function serverNodeFlags(serverRoot: string): string[] {
  const file = join(serverRoot, 'node-flags.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as string[]) : [];
}

/**
 * Starts `switchyard-server` (src/main.ts, as `npm start` runs the built file, with the same Node.js
 * options) on a free port with the given environment (REDIS_URL or DATA_DIR, SWITCHYARD_ADMIN_TOKEN,
 * ...), and waits for its URL.
 */
export async function startSwitchyard(
  env: Record<string, string>,
  fileLimit: number,
  /** Another copy of `packages/server` to run (default SERVER_ROOT). */
  serverRoot = SERVER_ROOT,
  /** How long to wait for it to listen. Generous: tsx compiles the server on start, slow when other work holds the CPUs. */
  timeoutMs = 120_000,
): Promise<ServerProcess> {
  const nodeFlags = serverNodeFlags(serverRoot);
  const proc = spawnWithFileLimit(
    process.execPath,
    [...nodeFlags, ...NODE_ARGS, ...PROFILE_ARGS, 'src/main.ts'],
    {
      cwd: serverRoot,
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        ...UNLIMITED,
        ...PROFILE_ENV,
        ...env,
      },
      fileLimit,
      name: 'switchyard-server',
    },
  );
  try {
    const match = await waitForOutput(
      proc,
      /Switchyard is running at (http:\/\/\S+)/,
      'switchyard-server',
      timeoutMs,
    );
    return { ...proc, url: match[1] as string };
  } catch (err) {
    await proc.stop();
    throw err;
  }
}

export interface RedisProcess {
  readonly url: string;
  readonly version: string;
  stop(): Promise<void>;
}

/** A private redis-server on loopback, in memory only (no snapshot, no append-only file). */
export async function startRedis(): Promise<RedisProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-bench-redis-'));
  const port = await freePort();
  const proc = spawnWithFileLimit(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'],
    { cwd: dir, fileLimit: 10_032, name: 'redis-server' },
  );
  try {
    await waitForOutput(proc, /Ready to accept connections/, 'redis-server');
    const version = /version=(\d+\.\d+\.\d+)/.exec(proc.output())?.[1] ?? 'unknown';
    return {
      url: `redis://127.0.0.1:${port}`,
      version,
      async stop() {
        await proc.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await proc.stop();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** A field of /proc/<pid>/status in bytes (VmRSS, VmHWM, ...). */
export function procStatusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (match === null) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

/** User and system CPU time (all threads) a process has used so far, in seconds, from /proc/<pid>/stat. */
export function procCpuTimes(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields overall.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    user: Number(fields[11]) / CLOCK_TICKS_PER_SECOND,
    system: Number(fields[12]) / CLOCK_TICKS_PER_SECOND,
  };
}

/** CPU time (user + system, all threads) a process has used so far, in seconds. */
export function procCpuSeconds(pid: number): number {
  const { user, system } = procCpuTimes(pid);
  return user + system;
}

/** USER_HZ: the unit of /proc/<pid>/stat times, 100 on every Linux platform Node supports. */
const CLOCK_TICKS_PER_SECOND = 100;

/** The soft open-file limit a running process has (from /proc/<pid>/limits). */
export function openFileLimit(pid: number): number {
  const limits = readFileSync(`/proc/${pid}/limits`, 'utf8');
  const match = /^Max open files\s+(\d+|unlimited)/m.exec(limits);
  return match?.[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(match?.[1] ?? 0);
}

/** Stops every process given, ignoring the ones that are already gone. */
export async function stopAll(processes: readonly ({ stop(): Promise<void> } | undefined)[]): Promise<void> {
  await Promise.all(processes.map((p) => p?.stop().catch(() => {})));
}
