// The abuse benchmark: each attack of packages/server/test/abuse run against one server process (file
// store) while a prober calls /health/live every 5 ms; prints the worst and p99 probe latency per
// attack. Target: worst under 50 ms on a quiet machine. The attacks' outcomes are asserted by the
// abuse test suite; here only the server's responsiveness while they run is measured.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminApi, booleanRollout } from './delivery/admin-api.js';
import { printMachine, watchOtherWork } from './delivery/machine.js';
import { type BenchProcess, startSwitchyard, stopAll } from './delivery/processes.js';
import { table } from './support/report.js';

const ADMIN_TOKEN = 'bench-abuse-admin-token-0123456789';
const ENV = 'production';
const TARGET_MS = 50;
const ROUNDS = 20;

console.log('Switchyard abuse benchmark: worst /health/live latency while each attack runs');
printMachine();
const reportOtherWork = watchOtherWork();
const workDir = mkdtempSync(join(tmpdir(), 'switchyard-bench-abuse-'));
const processes: (BenchProcess | undefined)[] = [];
let failed = false;

/** Probes /health/live back to back (5 ms apart) until `attack` settles; returns sorted latencies. */
async function probeDuring(url: string, attack: () => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  let done = false;
  const prober = (async () => {
    while (!done) {
      const start = performance.now();
      await (await fetch(`${url}/health/live`)).text();
      latencies.push(performance.now() - start);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  await attack();
  done = true;
  await prober;
  return latencies.sort((a, b) => a - b);
}

try {
  const server = await startSwitchyard(
    { DATA_DIR: join(workDir, 'data'), SWITCHYARD_ADMIN_TOKEN: ADMIN_TOKEN },
    4096,
  );
  processes.push(server);
  const admin = adminApi(server.url, ADMIN_TOKEN);
  const clientKey = await admin.createKey('client', ENV);
  const flagPath = (key: string) => `/environments/${ENV}/flags/${key}`;
  await admin.call('PUT', flagPath('evil'), {
    ...booleanRollout('evil', 0),
    rules: [
      { clauses: [{ attribute: 'email', op: 'matches', values: ['^(a+)+$'] }], serve: { variant: 'on' } },
    ],
  });
  for (let n = 16; n >= 0; n--)
    for (let i = 0; i < 3; i++) {
      const prerequisites = n === 16 ? [] : [0, 1, 2].map((j) => ({ flag: `l${n + 1}-${j}`, variant: 'on' }));
      await admin.call('PUT', flagPath(`l${n}-${i}`), {
        ...booleanRollout(`l${n}-${i}`, 100),
        prerequisites,
      });
    }
  const post = (path: string, body: string) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${clientKey}`, 'content-type': 'application/json' },
      body,
    }).then((res) => res.text());
  const repeat =
    (body: string, path = '/sdk/v1/evaluate') =>
    async () => {
      for (let r = 0; r < ROUNDS; r++) await post(path, body);
    };
  const madeUp = (r: number) =>
    JSON.stringify({
      metrics: Array.from({ length: 10_000 }, (_, i) => ({
        flag: `made-up-${r}-${i}`,
        variant: 'on',
        evaluations: 1,
      })),
    });
  const attacks: [string, () => Promise<void>][] = [
    [
      'events flood: 10,000 made-up flags per batch',
      async () => {
        for (let r = 0; r < ROUNDS; r++) await post('/sdk/v1/events', madeUp(r));
      },
    ],
    [
      'catastrophic regex ^(a+)+$ vs "a"×4,000+"!"',
      repeat(JSON.stringify({ context: { userId: 'u', email: `${'a'.repeat(4000)}!` } })),
    ],
    ['JSON nested 100,000 deep', repeat(`{"context":{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`)],
    [
      'context at every cap (4,096-char strings, 1,000-element arrays, 256 attributes)',
      repeat(
        JSON.stringify({
          context: {
            userId: 'u'.repeat(4096),
            email: 'a'.repeat(4096),
            groups: Array.from({ length: 1000 }, () => 'g'.repeat(100)),
            ...Object.fromEntries(Array.from({ length: 253 }, (_, i) => [`attr${i}`, i])),
          },
        }),
      ),
    ],
    ['prerequisite graph 3 wide, 16 deep (3^16 paths)', repeat(JSON.stringify({ context: { userId: 'u' } }))],
  ];
  const rows: string[][] = [];
  for (const [name, attack] of attacks) {
    const latencies = await probeDuring(server.url, attack);
    const worst = latencies[latencies.length - 1] ?? 0;
    const p99 = latencies[Math.floor(latencies.length * 0.99)] ?? 0;
    failed ||= worst >= TARGET_MS;
    rows.push([
      name,
      String(latencies.length),
      `${p99.toFixed(1)} ms`,
      `${worst.toFixed(1)} ms`,
      worst < TARGET_MS ? 'PASS' : 'MISS',
    ]);
  }
  console.log(table(['attack', 'probes', 'p99', 'worst', `< ${TARGET_MS} ms`], rows));
  reportOtherWork();
} catch (err) {
  console.error(err);
  failed = true;
} finally {
  await stopAll(processes);
  rmSync(workDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
