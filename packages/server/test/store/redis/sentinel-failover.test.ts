import { startRedis, startSentinel, type TestRedis } from '@switchyard/test-support/redis';
import { ADMIN_TOKEN, booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../../../src/store/redis/redis-store.js';
import type { FlagStore } from '../../../src/store/types.js';
import { openSseClient } from '../../support/sse-client.js';

// One master, one replica, three sentinels (quorum 2); the master is SIGKILLed while a writer runs.
const DOWN_AFTER_MS = 1_000;
const WRITE_EVERY_MS = 50;
const RUN_AFTER_KILL_MS = 12_000;

let master: TestRedis;
let replica: TestRedis;
const sentinels: TestRedis[] = [];
let store: FlagStore | undefined;
let server: TestServer | undefined;

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  master = await startRedis();
  replica = await startRedis({ replicaOf: master });
  const probe = new Redis(replica.url);
  await until('replication link', async () =>
    (await probe.info('replication')).includes('master_link_status:up'),
  );
  probe.disconnect();
  for (let i = 0; i < 3; i++)
    sentinels.push(
      await startSentinel(master, { quorum: 2, downAfterMs: DOWN_AFTER_MS, failoverTimeoutMs: 5_000 }),
    );
  // Each sentinel must know the replica and the other sentinels before a failover can be agreed.
  for (const s of sentinels) {
    const client = new Redis(s.port, '127.0.0.1');
    await until('sentinel discovery', async () => {
      const replicas = (await client.call('SENTINEL', 'REPLICAS', 'mymaster')) as unknown[];
      const peers = (await client.call('SENTINEL', 'SENTINELS', 'mymaster')) as unknown[];
      return replicas.length === 1 && peers.length === 2;
    });
    client.disconnect();
  }
}, 60_000);

afterAll(async () => {
  await server?.close();
  await store?.close();
  for (const s of sentinels) await s.stop();
  await replica?.stop();
  await master?.stop();
});

describe('Redis Sentinel failover', () => {
  it('loses no acknowledged write, answers 503 (never 500) meanwhile and keeps serving SDKs', async () => {
    const url = `redis+sentinel://${sentinels.map((s) => `127.0.0.1:${s.port}`).join(',')}/mymaster`;
    store = await createRedisStore({ url, minReplicas: 1, replicaTimeoutMs: 500 });
    server = await startTestServer({ store });
    const t = server;
    const serverKey = await t.createKey('server', 'production');
    const stream = await openSseClient(`${t.url}/sdk/v1/stream`, { authorization: `Bearer ${serverKey}` });

    const acknowledged: string[] = [];
    const statuses = new Map<number, number>();
    const sdkStatuses = new Map<number, number>();
    let lastOkBeforeFailure = 0;
    let firstFailure: number | undefined;
    let firstOkAfterFailure: number | undefined;
    let killedAt = Number.POSITIVE_INFINITY;
    let stop = false;

    const writer = (async () => {
      for (let n = 0; !stop; n++) {
        const started = Date.now();
        const key = `w-${n}`;
        const res = await fetch(`${t.url}/api/v1/environments/production/flags/${key}`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify(booleanFlag(key, n % 100)),
          signal: AbortSignal.timeout(10_000),
        }).catch(() => ({ status: 0 }));
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 201) {
          acknowledged.push(key);
          if (firstFailure === undefined) lastOkBeforeFailure = started;
          else firstOkAfterFailure ??= Date.now();
        } else if (started >= killedAt) firstFailure ??= started;
        await new Promise((r) => setTimeout(r, Math.max(0, WRITE_EVERY_MS - (Date.now() - started))));
      }
    })();
    const reader = (async () => {
      while (!stop) {
        const res = await fetch(`${t.url}/sdk/v1/ruleset`, {
          headers: { authorization: `Bearer ${serverKey}` },
        }).catch(() => ({ status: 0 }));
        sdkStatuses.set(res.status, (sdkStatuses.get(res.status) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, WRITE_EVERY_MS));
      }
    })();

    await until('writes before the failure', async () => acknowledged.length >= 10);
    killedAt = Date.now();
    await master.kill();
    // With one replica, the promoted master has none until the old one returns as its replica:
    // REDIS_MIN_REPLICAS=1 keeps answering 503 until then, as it should.
    const watcher = new Redis(sentinels[0]?.port ?? 0, '127.0.0.1');
    await until('failover', async () => {
      const [, port] = (await watcher.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'mymaster')) as string[];
      return Number(port) === replica.port;
    });
    const promotedAt = Date.now();
    watcher.disconnect();
    await master.restart();
    const rejoinedAt = Date.now();
    await until(
      'writes after the failover',
      async () => firstOkAfterFailure !== undefined && acknowledged.length >= 10 + 20,
      RUN_AFTER_KILL_MS + 10_000,
    );
    stop = true;
    await Promise.all([writer, reader]);

    // Every acknowledged write is on the new master.
    const stored = new Set((await store.getRuleset('production')).flags.map((f) => f.key));
    const lost = acknowledged.filter((key) => !stored.has(key));
    const windowMs = (firstOkAfterFailure ?? Date.now()) - Math.max(lastOkBeforeFailure, killedAt);
    console.log(
      `sentinel failover: ${acknowledged.length} acknowledged writes, ${lost.length} lost; ` +
        `write-unavailability window ${windowMs} ms (failover after ${promotedAt - killedAt} ms, old master back at ${rejoinedAt - killedAt} ms); admin statuses ${JSON.stringify(Object.fromEntries(statuses))}; ` +
        `SDK ruleset statuses ${JSON.stringify(Object.fromEntries(sdkStatuses))}`,
    );
    expect(lost).toEqual([]);
    for (const status of statuses.keys()) expect([201, 503]).toContain(status);
    expect([...sdkStatuses.keys()]).toEqual([200]);
    // The stream opened before the failure still delivers the writes made after it.
    const last = acknowledged.at(-1) as string;
    await stream.next((e) => e.event === 'patch' && JSON.stringify(e.data).includes(`"${last}"`), 10_000);
    stream.close();
  }, 60_000);
});
