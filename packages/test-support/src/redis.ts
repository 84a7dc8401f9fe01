import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { daemonProcess } from './daemon.js';
import { freePort } from './free-port.js';

/**
 * A private redis-server for one test file: its own port and temp directory, append-only file on so
 * that a restart keeps the data. Tests never assume a Redis is already running.
 */
export interface TestRedis {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
  /** SIGKILLs the server (a crash: no shutdown, nothing saved); `stop()` still cleans up after it. */
  kill(): Promise<void>;
  /** Stops the server, runs `whileDown` (if given), and starts it again on the same port and data. */
  restart(whileDown?: () => Promise<void>): Promise<void>;
}

export interface TestRedisOptions {
  /** Starts a one-node Redis Cluster that serves every slot. */
  cluster?: boolean;
  /** Starts a replica of this server. */
  replicaOf?: TestRedis;
  /** False: no AOF, no RDB, so a restart comes back empty (a cache-style Redis). Default true. */
  persistence?: boolean;
}

const START_TIMEOUT_MS = 10_000;

/** Sends one command over a plain socket and returns the raw reply (enough for PING and setup). */
function rawCommand(port: number, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('no reply'));
    }, 1_000);
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.endsWith('\r\n')) {
        clearTimeout(timer);
        socket.end();
        resolve(reply);
      }
    });
    socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`);
  });
}

async function until(
  what: string,
  check: () => Promise<boolean>,
  exited: () => string | undefined,
): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const exit = exited();
    if (exit !== undefined) throw new Error(`redis-server exited while waiting for ${what}: ${exit}`);
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`redis-server: no ${what} within ${START_TIMEOUT_MS} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** One redis-server process that can be stopped and started again with the same arguments. */
function redisProcess(
  args: string[],
  port: number,
  afterStart?: (exited: () => string | undefined) => Promise<void>,
) {
  const daemon = daemonProcess('redis-server', args, 'redis-server');
  const start = async () => {
    daemon.spawn();
    await until('PING', async () => (await rawCommand(port, ['PING'])).startsWith('+PONG'), daemon.exited);
    await afterStart?.(daemon.exited);
  };
  const halt = daemon.halt;

  return { start, halt };
}

function handle(url: string, port: number, dir: string, proc: ReturnType<typeof redisProcess>): TestRedis {
  return {
    url,
    port,
    async stop() {
      await proc.halt();
      await rm(dir, { recursive: true, force: true });
    },
    kill: () => proc.halt('SIGKILL'),
    async restart(whileDown) {
      await proc.halt();
      await whileDown?.();
      await proc.start();
    },
  };
}

export async function startRedis(options: TestRedisOptions = {}): Promise<TestRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'switchyard-redis-'));
  const port = await freePort();
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    options.persistence === false ? 'no' : 'yes',
    '--daemonize',
    'no',
    '--loglevel',
    'warning',
    ...(options.replicaOf ? ['--replicaof', '127.0.0.1', String(options.replicaOf.port)] : []),
    // A one-node cluster that never met another node would tell clients an empty host.
    ...(options.cluster
      ? [
          '--cluster-enabled',
          'yes',
          '--cluster-announce-ip',
          '127.0.0.1',
          '--cluster-config-file',
          join(dir, 'nodes.conf'),
        ]
      : []),
  ];
  const proc = redisProcess(args, port, async (exited) => {
    if (!options.cluster) return;
    // After a restart the node remembers its slots from nodes.conf; assigning them again is refused harmlessly.
    await rawCommand(port, ['CLUSTER', 'ADDSLOTSRANGE', '0', '16383']);
    await until(
      'cluster_state:ok',
      async () => (await rawCommand(port, ['CLUSTER', 'INFO'])).includes('cluster_state:ok'),
      exited,
    );
  });
  await proc.start();
  return handle(`redis://127.0.0.1:${port}`, port, dir, proc);
}

export interface SentinelOptions {
  /** Sentinels that must agree the master is down (default 1: this one alone). */
  quorum?: number;
  /** How long the master must be unreachable before it counts as down (default: Redis's 30 s). */
  downAfterMs?: number;
  /** Redis's failover-timeout (default 3 minutes). */
  failoverTimeoutMs?: number;
}

/**
 * A Sentinel watching `master` under the name `mymaster`; its `url` is the `redis+sentinel://` form
 * a server is configured with.
 */
export async function startSentinel(master: TestRedis, options: SentinelOptions = {}): Promise<TestRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'switchyard-sentinel-'));
  const port = await freePort();
  // Sentinel rewrites its config file as it learns, so it needs one of its own.
  const config = join(dir, 'sentinel.conf');
  await writeFile(
    config,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      'loglevel warning',
      `sentinel monitor mymaster 127.0.0.1 ${master.port} ${options.quorum ?? 1}`,
      ...(options.downAfterMs ? [`sentinel down-after-milliseconds mymaster ${options.downAfterMs}`] : []),
      ...(options.failoverTimeoutMs
        ? [`sentinel failover-timeout mymaster ${options.failoverTimeoutMs}`]
        : []),
      '',
    ].join('\n'),
  );
  const proc = redisProcess([config, '--sentinel'], port);
  await proc.start();
  return handle(`redis+sentinel://127.0.0.1:${port}/mymaster`, port, dir, proc);
}
