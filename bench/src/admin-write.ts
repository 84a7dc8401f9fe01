// The admin write benchmark: sequential flag writes through the real server (its HTTP API, auth,
// validation, compare-and-set script, audit and webhook check) on a private redis-server over
// loopback, one write at a time, as a person or a CI job writes. Each write's latency is timed from
// sending the request to reading the whole answer. The reference, measured in the same run against the
// same server, is GET /health/live: an HTTP round trip through the same Fastify app without the store.
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { adminApi, booleanRollout } from './delivery/admin-api.js';
import { printMachine, watchOtherWork } from './delivery/machine.js';
import {
  procCpuSeconds,
  type RedisProcess,
  type ServerProcess,
  startRedis,
  startSwitchyard,
  stopAll,
} from './delivery/processes.js';
import { type Distribution, distribution, ms, verdict } from './delivery/stats.js';
import { table } from './support/report.js';

const ADMIN_TOKEN = 'bench-admin-write-admin-token';
const ENVIRONMENT = 'production';
const FLAG_KEY = 'bench-admin-write';
const WARM_UP = 300;
const PER_RUN = 1_000;
const TARGET_P50_MS = 2;
const FILE_LIMIT = 4_096;

type CaseName = 'GET /health/live' | 'PUT flag (If-Match)' | 'POST rollout (If-Match)';
/** Measured runs in mirrored order, so that a drift in the machine's load hits every case alike. */
const ORDER: CaseName[] = [
  'GET /health/live',
  'PUT flag (If-Match)',
  'POST rollout (If-Match)',
  'POST rollout (If-Match)',
  'PUT flag (If-Match)',
  'GET /health/live',
];

console.log('Switchyard admin write benchmark: sequential flag writes through the server on redis-server');
printMachine();
const reportOtherWork = watchOtherWork();
const processes: (RedisProcess | ServerProcess | undefined)[] = [];
const failures: string[] = [];

/** A boolean flag with two targeting rules and a rollout, as a person would write it. */
function flagAt(i: number) {
  return {
    ...booleanRollout(FLAG_KEY, i % 101),
    description: `written ${i} times`,
    rules: [
      {
        clauses: [{ attribute: 'email', op: 'endsWith', values: ['@example.com', '@example.org'] }],
        serve: { variant: 'on' },
      },
      {
        clauses: [{ attribute: 'country', op: 'in', values: ['DE', 'FR', 'NL', 'SE', 'NO'] }],
        serve: { variant: i % 2 === 0 ? 'on' : 'off' },
      },
    ],
  };
}

/** Calls of every Redis command so far (INFO commandstats; commands a script runs count too). */
function redisCalls(redis: RedisProcess): Map<string, number> {
  const { port } = new URL(redis.url);
  const info = execFileSync('redis-cli', ['-p', port, 'INFO', 'commandstats'], { encoding: 'utf8' });
  const calls = new Map<string, number>();
  for (const match of info.matchAll(/^cmdstat_([\w|]+):calls=(\d+)/gm))
    calls.set(match[1] as string, Number(match[2]));
  return calls;
}

function callsPerWrite(before: Map<string, number>, after: Map<string, number>, writes: number): string {
  const parts: string[] = [];
  for (const [command, calls] of after) {
    const delta = calls - (before.get(command) ?? 0);
    // INFO itself and the commands of background loops (leases, webhook polling) are not the write's.
    if (delta / writes >= 0.5 && command !== 'info') parts.push(`${command} ${(delta / writes).toFixed(1)}`);
  }
  return parts.join(', ');
}

try {
  const redis = await startRedis();
  processes.push(redis);
  const server = await startSwitchyard(
    { REDIS_URL: redis.url, SWITCHYARD_ADMIN_TOKEN: ADMIN_TOKEN },
    FILE_LIMIT,
  );
  processes.push(server);
  const admin = adminApi(server.url, ADMIN_TOKEN);
  let version = (
    await admin.call<{ version: number }>('PUT', `/environments/${ENVIRONMENT}/flags/${FLAG_KEY}`, flagAt(0))
  ).version;
  let written = 0;
  const flagUrl = `${server.url}/api/v1/environments/${ENVIRONMENT}/flags/${FLAG_KEY}`;
  const headers = (body: boolean) => ({
    authorization: `Bearer ${ADMIN_TOKEN}`,
    'if-match': `"${version}"`,
    ...(body ? { 'content-type': 'application/json' } : {}),
  });
  /** One request of a case; resolves with its latency in ms once the whole answer is read. */
  const once: Record<CaseName, () => Promise<number>> = {
    'GET /health/live': async () => {
      const started = performance.now();
      const res = await fetch(`${server.url}/health/live`);
      await res.text();
      if (!res.ok) throw new Error(`GET /health/live: ${res.status}`);
      return performance.now() - started;
    },
    'PUT flag (If-Match)': async () => {
      const body = JSON.stringify(flagAt(++written));
      const started = performance.now();
      const res = await fetch(flagUrl, { method: 'PUT', headers: headers(true), body });
      const text = await res.text();
      const elapsed = performance.now() - started;
      if (!res.ok) throw new Error(`PUT flag: ${res.status} ${text}`);
      version = (JSON.parse(text) as { version: number }).version;
      return elapsed;
    },
    'POST rollout (If-Match)': async () => {
      const body = JSON.stringify({ percentage: ++written % 101 });
      const started = performance.now();
      const res = await fetch(`${flagUrl}/rollout`, { method: 'POST', headers: headers(true), body });
      const text = await res.text();
      const elapsed = performance.now() - started;
      if (!res.ok) throw new Error(`POST rollout: ${res.status} ${text}`);
      version = (JSON.parse(text) as { version: number }).version;
      return elapsed;
    },
  };
  const cases = [...new Set(ORDER)];
  for (const name of cases) for (let i = 0; i < WARM_UP; i++) await once[name]();
  console.log(
    `redis-server ${redis.version} at ${redis.url}, server pid ${server.pid}; ${WARM_UP} warm-up requests per case, ` +
      `then ${ORDER.length} runs of ${PER_RUN} sequential requests in the order ${ORDER.join(', ')}\n`,
  );

  const latencies = new Map<CaseName, number[]>(cases.map((c) => [c, []]));
  const cpu = new Map<CaseName, number>(cases.map((c) => [c, 0]));
  const commands = new Map<CaseName, string>();
  for (const [run, name] of ORDER.entries()) {
    const callsBefore = redisCalls(redis);
    const cpuBefore = procCpuSeconds(server.pid);
    const times: number[] = [];
    for (let i = 0; i < PER_RUN; i++) times.push(await once[name]());
    const cpuSeconds = procCpuSeconds(server.pid) - cpuBefore;
    commands.set(name, callsPerWrite(callsBefore, redisCalls(redis), PER_RUN));
    latencies.get(name)?.push(...times);
    cpu.set(name, (cpu.get(name) ?? 0) + cpuSeconds);
    const d = distribution(times);
    console.log(
      `  run ${run + 1}: ${name.padEnd(24)} p50 ${ms(d.p50)}, p99 ${ms(d.p99)}, server CPU ` +
        `${((cpuSeconds / PER_RUN) * 1e6).toFixed(0)} µs/request (load ${loadavg()[0]?.toFixed(2)})`,
    );
  }

  const summary = new Map<CaseName, Distribution>(
    cases.map((c) => [c, distribution(latencies.get(c) ?? [])]),
  );
  const reference = summary.get('GET /health/live') as Distribution;
  console.log(
    `\n${table(
      [
        'request',
        'p50',
        'p90',
        'p99',
        'max',
        'p50 vs /health/live',
        'server CPU/req',
        'Redis calls per request',
      ],
      cases.map((name) => {
        const d = summary.get(name) as Distribution;
        return [
          name,
          ms(d.p50),
          ms(d.p90),
          ms(d.p99),
          ms(d.max),
          `${(d.p50 / reference.p50).toFixed(1)}x`,
          `${(((cpu.get(name) ?? 0) / d.count) * 1e6).toFixed(0)} µs`,
          commands.get(name) || '-',
        ];
      }),
    )}`,
  );
  console.log(
    '(latency from sending the request to reading the whole answer, in this process; Redis calls from INFO ' +
      'commandstats over the last run of each case, commands run inside scripts included)',
  );
  for (const name of ['PUT flag (If-Match)', 'POST rollout (If-Match)'] as const) {
    const p50 = (summary.get(name) as Distribution).p50;
    const ok = p50 <= TARGET_P50_MS;
    console.log(`${verdict(ok)}  ${name} p50 ≤ ${TARGET_P50_MS} ms: ${ms(p50)}`);
    if (!ok) failures.push(`${name} p50 ${ms(p50)} > ${TARGET_P50_MS} ms`);
  }
} catch (err) {
  failures.push(err instanceof Error ? err.message : String(err));
} finally {
  await stopAll(processes.reverse());
}

reportOtherWork();
if (failures.length > 0) {
  console.error(`\nFAILED:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  process.exitCode = 1;
}
