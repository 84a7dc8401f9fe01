// The propagation benchmark: 1,000, then 5,000 SSE stream clients spread over two server instances that
// share one private redis-server; a flag is ramped through the admin API of A and B in turn, one write at
// a time, and every (write, client) pair is timed from sending the write to the client receiving its
// patch. Servers, redis-server, the load process (the writer) and its reader processes (the stream
// clients) each run in a process of their own. The servers' CPU time over the measured writes, divided
// by the events they delivered, is the server CPU per delivered event.
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
import type {
  PropagationLoadConfig,
  PropagationLoadResult,
  WriteResult,
} from './delivery/propagation/protocol.js';
import { count, distribution, ms, verdict } from './delivery/stats.js';
import { table } from './support/report.js';

/** Client counts of the runs; BENCH_PROPAGATION_CLIENTS=1000 runs only that one. */
const CLIENT_COUNTS = (process.env.BENCH_PROPAGATION_CLIENTS ?? '1000,5000').split(',').map(Number);
/** Processes the stream clients are spread over. */
const READERS = Number(process.env.BENCH_PROPAGATION_READERS ?? 4);
const INSTANCES = 2;
/** The client of the other instance whose receipt the fan-out target is about (p50 over writes). */
const NTH_OTHER_CLIENT = 500;
const TARGET_NTH_OTHER_MS = 8;
const TARGET_CPU_PER_EVENT_US = 10;
/** Bytes per write of the reference (a patch event of the benchmark's flag, framed, is about this size). */
const FLOOR_BYTES = 400;
const WARM_UP_WRITES = 10;
const WRITES = 100;
const GAP_MS = 25;
const TIMEOUT_MS = 5_000;
const TARGET_P99_MS = 50;
const ADMIN_TOKEN = 'bench-propagation-admin-token';
const ENVIRONMENT = 'production';
const FLAG_KEY = 'bench-propagation';

console.log('Switchyard propagation benchmark: admin write → patch event at every stream client');
printMachine();
const reportOtherWork = watchOtherWork();

const failures: string[] = [];
for (const clients of CLIENT_COUNTS) await run(clients);

async function run(clients: number): Promise<void> {
  /** Sockets per server: its share of the streams, plus Redis, admin calls and the runtime's own files. */
  const fileLimit = clients + 1_024;
  console.log(`\n## ${count(clients)} stream clients\n`);
  const processes: (BenchProcess | RedisProcess | ServerProcess | undefined)[] = [];
  const workDir = mkdtempSync(join(tmpdir(), 'switchyard-bench-propagation-'));
  try {
    const redis = await startRedis();
    processes.push(redis);
    const env = { REDIS_URL: redis.url, SWITCHYARD_ADMIN_TOKEN: ADMIN_TOKEN };
    const servers = await Promise.all(
      Array.from({ length: INSTANCES }, () => startSwitchyard(env, fileLimit)),
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
      serverPids: servers.map((s) => s.pid),
      serverKey,
      adminToken: ADMIN_TOKEN,
      environment: ENVIRONMENT,
      flagKey: FLAG_KEY,
      clients,
      readers: READERS,
      warmUpWrites: WARM_UP_WRITES,
      writes: WRITES,
      gapMs: GAP_MS,
      timeoutMs: TIMEOUT_MS,
      resultFile: join(workDir, 'result.json'),
    };
    console.log(
      `${count(clients)} stream clients (${count(clients / INSTANCES)} per instance) in ${READERS} reader processes; ` +
        `${WARM_UP_WRITES} warm-up writes, then ${WRITES} measured rollout writes alternating A and B, ` +
        `each waited for at every client, then ${GAP_MS} ms apart\n`,
    );
    const load = spawnBenchScript('src/delivery/propagation/load.ts', {
      env: { ...process.env, BENCH_CONFIG: JSON.stringify(config) },
      // Its reader processes inherit its hard limit (`ulimit -n` sets both), and raise their own to their share.
      fileLimit,
    });
    processes.push(load);
    await waitForOutput(load, /^\[load\] start/m, 'load process');
    const limits = servers.map((p) => openFileLimit(p.pid));
    const code = await load.exited;
    process.stdout.write(load.output());
    if (code !== 0) throw new Error(`the load process exited with ${code}`);
    console.log(
      `open-file limits (soft): servers ${limits.join(', ')}; each reader process its share + 1,024`,
    );

    const result = JSON.parse(readFileSync(config.resultFile, 'utf8')) as PropagationLoadResult;
    const cpuPerEventUs = report(result, clients);
    await compareWithSocketFloor(cpuPerEventUs, clients / INSTANCES, fileLimit);
  } catch (err) {
    failures.push(err instanceof Error ? err.message : String(err));
  } finally {
    await stopAll(processes.reverse());
    rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * When client no. NTH_OTHER_CLIENT of the instance that did not take the write had the patch (in
 * receipt order): the last of them with 500 per instance.
 */
function nthOfOtherInstance(write: WriteResult, clientInstance: readonly number[]): number {
  const other = write.latencies
    .filter((l, client): l is number => l !== null && clientInstance[client] !== write.instance)
    .sort((a, b) => a - b);
  return other[Math.min(NTH_OTHER_CLIENT, other.length) - 1] ?? Number.NaN;
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

/**
 * Runs the reference of the CPU figure (socket-floor.ts: one buffer written to each of as many
 * loopback sockets, nothing else) and prints the servers' CPU per event as a multiple of it.
 */
async function compareWithSocketFloor(cpuPerEventUs: number, sockets: number, fileLimit: number) {
  const floor = spawnBenchScript('src/delivery/propagation/socket-floor.ts', {
    env: { ...process.env, BENCH_FLOOR_SOCKETS: String(sockets), BENCH_FLOOR_BYTES: String(FLOOR_BYTES) },
    fileLimit,
  });
  const code = await floor.exited;
  const match = /^\[floor\] ([\d.]+) µs.*$/m.exec(floor.output());
  if (code !== 0 || match === null) throw new Error(`the socket-floor process failed:\n${floor.output()}`);
  const floorUs = Number(match[1]);
  console.log(
    `reference, same run: ${match[0].slice(8)} (a Node process writing to loopback sockets, nothing else); ` +
      `server CPU per delivered event = ${(cpuPerEventUs / floorUs).toFixed(2)}x that`,
  );
}

function report(result: PropagationLoadResult, clients: number): number {
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
    [
      `client no. ${NTH_OTHER_CLIENT} of the other instance (per write)`,
      distribution(result.writes.map((w) => nthOfOtherInstance(w, result.clientInstance))),
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
  const everyPatch = clients - missedBy.size;
  const expectedPairs = result.writes.length * clients;
  console.log(
    `\nclients that received every patch: ${count(everyPatch)} of ${count(clients)}; ` +
      `pairs received ${count(all.length)} of ${count(expectedPairs)}` +
      (mismatched > 0 ? `; ${mismatched} events with the expected id carried another flag version` : ''),
  );
  console.log(`streams opened and every put received in ${result.connectMs.toFixed(0)} ms`);

  const events = result.writes.length * (clients / INSTANCES);
  const cpuPerEventUs = result.serverCpuSeconds.map((seconds) => (seconds / events) * 1e6);
  const meanCpuUs = cpuPerEventUs.reduce((a, b) => a + b, 0) / cpuPerEventUs.length;
  console.log(
    `server CPU over the ${result.writes.length} measured writes (user + system, /proc/<pid>/stat): ` +
      `${result.serverCpuSeconds.map((s) => `${s.toFixed(2)} s`).join(', ')} for ${count(events)} delivered events each: ` +
      `${cpuPerEventUs.map((us) => `${us.toFixed(1)} µs`).join(', ')} per delivered event ` +
      `(everything the instance did, the admin writes it took included); reader processes ${result.readerCpuSeconds.toFixed(2)} s in all`,
  );
  console.log(
    `reader clocks against the writer's (5 IPC round trips each): ${(result.clockSkewMs * 1000).toFixed(0)} µs outside the round trip at most`,
  );

  const d = distribution(all);
  const nth = distribution(result.writes.map((w) => nthOfOtherInstance(w, result.clientInstance)));
  const p99Ok = d.p99 <= TARGET_P99_MS;
  const nthOk = nth.p50 <= TARGET_NTH_OTHER_MS;
  const cpuOk = meanCpuUs < TARGET_CPU_PER_EVENT_US;
  const allOk = everyPatch === clients && all.length === expectedPairs && mismatched === 0;
  console.log(`\n${verdict(p99Ok)}  p99 write → receipt ≤ ${TARGET_P99_MS} ms: ${ms(d.p99)}`);
  console.log(
    `${verdict(nthOk)}  client no. ${NTH_OTHER_CLIENT} of the other instance, p50 ≤ ${TARGET_NTH_OTHER_MS} ms: ${ms(nth.p50)}`,
  );
  console.log(
    `${verdict(cpuOk)}  server CPU per delivered event < ${TARGET_CPU_PER_EVENT_US} µs: ${meanCpuUs.toFixed(1)} µs`,
  );
  console.log(
    `${verdict(allOk)}  every client received every patch: ${count(everyPatch)} of ${count(clients)}`,
  );
  if (!p99Ok) failures.push(`${count(clients)} clients: p99 ${ms(d.p99)} > ${TARGET_P99_MS} ms`);
  if (!nthOk) failures.push(`${count(clients)} clients: client no. ${NTH_OTHER_CLIENT} p50 ${ms(nth.p50)}`);
  if (!cpuOk) failures.push(`${count(clients)} clients: ${meanCpuUs.toFixed(1)} µs of server CPU per event`);
  if (!allOk) failures.push(`${clients - everyPatch} clients missed at least one patch`);
  return meanCpuUs;
}

reportOtherWork();
if (failures.length > 0) {
  console.error(`\nFAILED:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  process.exitCode = 1;
}
