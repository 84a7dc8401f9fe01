// The propagation benchmark: 1,000 SSE stream clients spread over two server instances that share one
// private redis-server; a flag is ramped through the admin API of A and B in turn, one write at a time,
// and every (write, client) pair is timed from sending the write to the client receiving its patch.
// Servers, redis-server and the load process (clients + writer) each run in a process of their own.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminApi, booleanRollout } from './delivery/admin-api.js';
import { printMachine, watchOtherWork } from './delivery/machine.js';
import {
  type BenchProcess,
  openFileLimit,
  type RedisProcess,
  type ServerProcess,
  spawnBenchScript,
  startRedis,
  startSwitchyard,
  stopAll,
  waitForOutput,
} from './delivery/processes.js';
import type { PropagationLoadConfig, PropagationLoadResult } from './delivery/propagation/protocol.js';
import { count, distribution, ms, verdict } from './delivery/stats.js';
import { table } from './support/report.js';

const CLIENTS = 1_000;
const INSTANCES = 2;
const WARM_UP_WRITES = 10;
const WRITES = 100;
const GAP_MS = 25;
const TIMEOUT_MS = 5_000;
const TARGET_P99_MS = 50;
const ADMIN_TOKEN = 'bench-propagation-admin-token';
const ENVIRONMENT = 'production';
const FLAG_KEY = 'bench-propagation';
/** Sockets per process: its share of the streams, plus Redis, admin calls and the runtime's own files. */
const FILE_LIMIT = CLIENTS + 1_024;

console.log('Switchyard propagation benchmark: admin write → patch event at every stream client');
printMachine();
const reportOtherWork = watchOtherWork();

const processes: (BenchProcess | RedisProcess | ServerProcess | undefined)[] = [];
const workDir = mkdtempSync(join(tmpdir(), 'switchyard-bench-propagation-'));
const failures: string[] = [];

try {
  const redis = await startRedis();
  processes.push(redis);
  const env = { REDIS_URL: redis.url, SWITCHYARD_ADMIN_TOKEN: ADMIN_TOKEN };
  const servers = await Promise.all(
    Array.from({ length: INSTANCES }, () => startSwitchyard(env, FILE_LIMIT)),
  );
  processes.push(...servers);
  const admin = adminApi((servers[0] as ServerProcess).url, ADMIN_TOKEN);
  const serverKey = await admin.createKey('server', ENVIRONMENT);
  await admin.call('PUT', `/environments/${ENVIRONMENT}/flags/${FLAG_KEY}`, booleanRollout(FLAG_KEY, 0));
  console.log(
    `redis-server ${redis.version} at ${redis.url}; instances ${servers.map((s) => `${s.url} (pid ${s.pid})`).join(', ')}`,
  );

  const config: PropagationLoadConfig = {
    urls: servers.map((s) => s.url),
    serverKey,
    adminToken: ADMIN_TOKEN,
    environment: ENVIRONMENT,
    flagKey: FLAG_KEY,
    clients: CLIENTS,
    warmUpWrites: WARM_UP_WRITES,
    writes: WRITES,
    gapMs: GAP_MS,
    timeoutMs: TIMEOUT_MS,
    resultFile: join(workDir, 'result.json'),
  };
  console.log(
    `${count(CLIENTS)} stream clients (${CLIENTS / INSTANCES} per instance) in one load process; ` +
      `${WARM_UP_WRITES} warm-up writes, then ${WRITES} measured rollout writes alternating A and B, ` +
      `each waited for at every client, then ${GAP_MS} ms apart\n`,
  );
  const load = spawnBenchScript('src/delivery/propagation/load.ts', {
    env: { ...process.env, BENCH_CONFIG: JSON.stringify(config) },
    fileLimit: FILE_LIMIT,
  });
  processes.push(load);
  await waitForOutput(load, /^\[load\] start/m, 'load process');
  const limits = [...servers, load].map((p) => openFileLimit(p.pid));
  const code = await load.exited;
  process.stdout.write(load.output());
  if (code !== 0) throw new Error(`the load process exited with ${code}`);
  console.log(
    `open-file limits (soft): servers ${limits.slice(0, -1).join(', ')}, load process ${limits.at(-1)}`,
  );

  const result = JSON.parse(readFileSync(config.resultFile, 'utf8')) as PropagationLoadResult;
  report(result);
} catch (err) {
  failures.push(err instanceof Error ? err.message : String(err));
} finally {
  await stopAll(processes.reverse());
  rmSync(workDir, { recursive: true, force: true });
}

/** The earliest and latest receipt of one write. */
function firstAndLast(latencies: readonly (number | null)[]): [number, number] {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const l of latencies) {
    if (l === null) continue;
    first = Math.min(first, l);
    last = Math.max(last, l);
  }
  return [first, last];
}

function report(result: PropagationLoadResult): void {
  const all: number[] = [];
  const sameInstance: number[] = [];
  const otherInstance: number[] = [];
  const missedBy = new Set<number>();
  let mismatched = 0;
  for (const write of result.writes) {
    mismatched += write.mismatched;
    write.latencies.forEach((latency, client) => {
      if (latency === null) {
        missedBy.add(client);
        return;
      }
      all.push(latency);
      (result.clientInstance[client] === write.instance ? sameInstance : otherInstance).push(latency);
    });
  }
  const rows = [
    ['all (write, client) pairs', distribution(all)],
    ['client on the written instance', distribution(sameInstance)],
    ['client on the other instance', distribution(otherInstance)],
    [
      'first client to receive (per write)',
      distribution(result.writes.map((w) => firstAndLast(w.latencies)[0])),
    ],
    [
      'last client to receive (per write)',
      distribution(result.writes.map((w) => firstAndLast(w.latencies)[1])),
    ],
    ['admin API response (per write)', distribution(result.writes.map((w) => w.responseMs))],
  ] as const;
  console.log(
    `\n${table(
      ['write → receipt', 'samples', 'p50', 'p90', 'p99', 'max', 'mean'],
      rows.map(([label, d]) => [
        label,
        count(d.count),
        ms(d.p50),
        ms(d.p90),
        ms(d.p99),
        ms(d.max),
        ms(d.mean),
      ]),
    )}`,
  );
  const everyPatch = CLIENTS - missedBy.size;
  const expectedPairs = result.writes.length * CLIENTS;
  console.log(
    `\nclients that received every patch: ${count(everyPatch)} of ${count(CLIENTS)}; ` +
      `pairs received ${count(all.length)} of ${count(expectedPairs)}` +
      (mismatched > 0 ? `; ${mismatched} events with the expected id carried another flag version` : ''),
  );
  console.log(`streams opened and every put received in ${result.connectMs.toFixed(0)} ms`);

  const d = distribution(all);
  const p99Ok = d.p99 <= TARGET_P99_MS;
  const allOk = everyPatch === CLIENTS && all.length === expectedPairs && mismatched === 0;
  console.log(`\n${verdict(p99Ok)}  p99 write → receipt ≤ ${TARGET_P99_MS} ms: ${ms(d.p99)}`);
  console.log(
    `${verdict(allOk)}  every client received every patch: ${count(everyPatch)} of ${count(CLIENTS)}`,
  );
  if (!p99Ok) failures.push(`p99 ${ms(d.p99)} > ${TARGET_P99_MS} ms`);
  if (!allOk) failures.push(`${CLIENTS - everyPatch} clients missed at least one patch`);
}

reportOtherWork();
if (failures.length > 0) {
  console.error(`\nFAILED:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  process.exitCode = 1;
}
