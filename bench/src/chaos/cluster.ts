// What the chaos run breaks: Redis under Sentinel (one master, one replica, three sentinels), three
// Switchyard instances on it (REDIS_MIN_REPLICAS=1, as the Sentinel overlay sets) and HAProxy in
// front of them. Every process is started here, and killed when this process exits (Ctrl-C included).

import { freePort } from '@switchyard/test-support/free-port';
import { type Haproxy, startHaproxy } from '@switchyard/test-support/haproxy';
import { startRedis, startSentinel, type TestRedis } from '@switchyard/test-support/redis';
import { Redis } from 'ioredis';
import { type ServerProcess, startSwitchyard } from '../delivery/processes.js';

export const ADMIN_TOKEN = 'chaos-admin-token-0123456789abcdef';
const MASTER_NAME = 'mymaster';
const DOWN_AFTER_MS = 1_000;
const FAILOVER_TIMEOUT_MS = 5_000;
const WAIT_MS = 240_000;
/** Sockets per instance: its share of the 500 streams and more, Redis, and the runtime's own files. */
const FILE_LIMIT = 4_096;

export async function until(what: string, check: () => Promise<boolean>, timeoutMs = WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** One Switchyard instance: a name in HAProxy's backend and a port it always comes back on. */
export interface Instance {
  readonly name: string;
  readonly port: number;
  process: ServerProcess | undefined;
}

/** An instance that exited without being told to: a crash, whatever the faults did around it. */
export interface Crash {
  instance: string;
  pid: number;
  exitCode: number | null;
  /** Milliseconds since the epoch. */
  at: number;
  /** The end of its log. */
  output: string;
}

export class Cluster {
  readonly crashes: Crash[] = [];
  /** Processes this harness stopped or killed on purpose. */
  private readonly told = new Set<number>();

  private constructor(
    private readonly nodes: TestRedis[],
    private readonly sentinels: TestRedis[],
    readonly instances: Instance[],
    readonly haproxy: Haproxy,
    private readonly serverEnv: Record<string, string>,
  ) {}

  static async start(instanceCount: number): Promise<Cluster> {
    const master = await startRedis();
    const replica = await startRedis({ replicaOf: master });
    const nodes = [master, replica];
    const sentinels: TestRedis[] = [];
    try {
      await until('replication link', () => replicaLinkUp(replica.port));
      for (let i = 0; i < 3; i++)
        sentinels.push(
          await startSentinel(master, {
            quorum: 2,
            downAfterMs: DOWN_AFTER_MS,
            failoverTimeoutMs: FAILOVER_TIMEOUT_MS,
          }),
        );
      // Each sentinel must know the replica and its two peers before a failover can be agreed.
      for (const sentinel of sentinels)
        await until('sentinel discovery', () => sentinelKnowsAll(sentinel.port));
      const serverEnv = {
        REDIS_URL: `redis+sentinel://${sentinels.map((s) => `127.0.0.1:${s.port}`).join(',')}/${MASTER_NAME}`,
        REDIS_MIN_REPLICAS: '1',
        SWITCHYARD_ADMIN_TOKEN: ADMIN_TOKEN,
        DRAIN_SECONDS: '0',
      };
      const instances: Instance[] = [];
      for (let i = 1; i <= instanceCount; i++)
        instances.push({ name: `s${i}`, port: await freePort(), process: undefined });
      const cluster = new Cluster(
        nodes,
        sentinels,
        instances,
        await startHaproxy({ servers: Object.fromEntries(instances.map((i) => [i.name, i.port])) }),
        serverEnv,
      );
      await Promise.all(instances.map((instance) => cluster.startInstance(instance)));
      return cluster;
    } catch (error) {
      await Promise.all([...sentinels, ...nodes].map((p) => p.stop().catch(() => {})));
      throw error;
    }
  }

  get url(): string {
    return this.haproxy.url;
  }

  /** Starts `instance` on its port and waits until it is ready and HAProxy sends it traffic. */
  async startInstance(instance: Instance): Promise<void> {
    const proc = await startSwitchyard(
      { ...this.serverEnv, PORT: String(instance.port) },
      FILE_LIMIT,
      undefined,
      WAIT_MS,
    );
    instance.process = proc;
    void proc.exited.then((exitCode) => {
      if (!this.told.has(proc.pid))
        this.crashes.push({
          instance: instance.name,
          pid: proc.pid,
          exitCode,
          at: Date.now(),
          output: proc.output(),
        });
    });
    await until(`${instance.name} ready`, async () => {
      const res = await fetch(`http://127.0.0.1:${instance.port}/health/ready`);
      await res.arrayBuffer();
      return res.status === 200;
    });
    await this.haproxy.waitFor(instance.name, 'UP', WAIT_MS);
  }

  /** Whether `instance`'s process is still running (it may have crashed). */
  running(instance: Instance): boolean {
    const child = instance.process?.child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  /** SIGKILLs `instance` (a fault, not a crash) and resolves once it is gone. */
  async kill(instance: Instance): Promise<void> {
    const proc = instance.process;
    if (proc === undefined) throw new Error(`${instance.name} is not running`);
    this.told.add(proc.pid);
    proc.child.kill('SIGKILL');
    await proc.exited;
  }

  /** The port of the Redis master, as the first sentinel that answers sees it. */
  async masterPort(): Promise<number> {
    for (const sentinel of this.sentinels) {
      const port = await withRedis(sentinel.port, async (client) => {
        const [, master] = (await client.call(
          'SENTINEL',
          'GET-MASTER-ADDR-BY-NAME',
          MASTER_NAME,
        )) as string[];
        return Number(master);
      }).catch(() => undefined);
      if (port !== undefined) return port;
    }
    throw new Error('no sentinel answered');
  }

  /**
   * SIGKILLs the Redis master, waits for the sentinels to promote the replica, then starts the old
   * master again, which they turn into a replica of the new one; resolves once it replicates again.
   * Returns how long the failover took.
   */
  async killRedisMaster(): Promise<{ failoverMs: number; rejoinMs: number }> {
    const port = await this.masterPort();
    const node = this.nodes.find((n) => n.port === port);
    if (node === undefined) throw new Error(`the master on port ${port} is none of ours`);
    const killedAt = Date.now();
    await node.kill();
    await until('failover', async () => (await this.masterPort()) !== port);
    const failoverMs = Date.now() - killedAt;
    await node.restart();
    await until('old master replicating again', () => replicaLinkUp(port));
    for (const sentinel of this.sentinels)
      await until('sentinels seeing the replica', () => sentinelKnowsAll(sentinel.port));
    return { failoverMs, rejoinMs: Date.now() - killedAt };
  }

  /** Kills everything: instances, HAProxy, sentinels, Redis. */
  async stop(): Promise<void> {
    for (const instance of this.instances) if (instance.process) this.told.add(instance.process.pid);
    await Promise.all(this.instances.map((i) => i.process?.stop()));
    await this.haproxy.stop().catch(() => {});
    await Promise.all([...this.sentinels, ...this.nodes].map((p) => p.stop().catch(() => {})));
  }
}

async function withRedis<T>(port: number, run: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0 });
  try {
    await client.connect();
    return await run(client);
  } finally {
    client.disconnect();
  }
}

function replicaLinkUp(port: number): Promise<boolean> {
  return withRedis(port, async (client) => {
    const info = await client.info('replication');
    return info.includes('role:slave') && info.includes('master_link_status:up');
  });
}

/** The sentinel knows one healthy replica and its two peers. */
function sentinelKnowsAll(port: number): Promise<boolean> {
  return withRedis(port, async (client) => {
    const replicas = (await client.call('SENTINEL', 'REPLICAS', MASTER_NAME)) as string[][];
    const peers = (await client.call('SENTINEL', 'SENTINELS', MASTER_NAME)) as unknown[];
    const healthy = replicas.filter((fields) => {
      const flags = fields[fields.indexOf('flags') + 1] ?? '';
      return !flags.includes('down') && !flags.includes('disconnected');
    });
    return healthy.length === 1 && peers.length === 2;
  });
}
