// The Node SDK benchmark: `client.isEnabled` of a real `createClient` client (bootstrap ruleset, metrics
// on, as in production) against the bare engine it wraps, `createEvaluator(...).isEnabled`: the engine
// benchmark's scenarios over the same 1,000,000 distinct user ids, and scenario (a) with returning
// users. Target: the SDK takes at most 1.2x the engine's time per call in (a) and (b). Then the heap a
// client holds for 10,000 realistic flags. Each workload runs in a process of its own
// (`sdk/measure-one.ts`), engine and SDK side by side in it.
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { FLAG_KEY } from './engine/scenarios.js';
import type { HeapResult } from './sdk/heap.js';
import { MAX_EXPOSURES_PER_VARIANT, type WindowReport } from './sdk/window-check.js';
import { WORKLOADS, type WorkloadSpec } from './sdk/workloads.js';
import { median } from './support/measure.js';
import { formatRate, machineLine, table } from './support/report.js';

const MAX_TIME_RATIO = 1.2;

interface WorkloadResult {
  readonly id: string;
  readonly warmUpUsers: number;
  readonly warmUpPasses: number;
  readonly windows: number;
  readonly usersPerWindow: number;
  readonly evaluations: number;
  readonly engineNs: number[];
  readonly clientNs: number[];
  readonly lastWindow: WindowReport;
}

/** Runs `sdk/measure-one.ts <what>` in a new Node process with this one's flags, and parses its JSON. */
function inOwnProcess<T>(what: string): T {
  const entry = fileURLToPath(new URL('./sdk/measure-one.ts', import.meta.url));
  const run = spawnSync(process.execPath, [...process.execArgv, entry, what], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`measuring ${what} failed (exit ${run.status ?? run.signal})`);
  return JSON.parse(run.stdout) as T;
}

const count = (n: number) => n.toLocaleString('en-US');
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

console.log(`Switchyard Node SDK benchmark — ${machineLine()}`);
console.log(
  `flag "${FLAG_KEY}" at 5%; each workload in a process of its own: warm-up, then passes in which the ` +
    'engine and a production client take turns every 100,000 evaluations; median pass',
);

const results: { spec: WorkloadSpec; r: WorkloadResult }[] = [];
for (const spec of WORKLOADS) {
  const r = inOwnProcess<WorkloadResult>(spec.id);
  results.push({ spec, r });
  const rate = (ns: number) => formatRate((r.evaluations / ns) * 1e9);
  const window = (m: WindowReport['on']) =>
    `${m.variant} ${count(m.evaluations)} evaluations by ${count(m.users)} users, ${count(m.exposures)} exposures`;
  console.log(
    `\n(${spec.id}) ${spec.title}: ${count(r.evaluations)} evaluations per pass, in ${r.windows} ` +
      `window(s) of ${count(r.usersPerWindow)} distinct users (warm-up: ${r.warmUpPasses} passes over ` +
      `${count(r.warmUpUsers)} other ids)\n` +
      `  engine passes: ${r.engineNs.map(rate).join(', ')}\n` +
      `  SDK passes:    ${r.clientNs.map(rate).join(', ')}\n` +
      `  SDK/engine per pass: ${r.clientNs.map((ns, i) => (ns / (r.engineNs[i] as number)).toFixed(2)).join(', ')}\n` +
      `  what the SDK sent for its last window: ${window(r.lastWindow.on)}; ${window(r.lastWindow.off)}`,
  );
}
const loadAfterTiming = load();

const heap = inOwnProcess<HeapResult>('heap');

const failures: string[] = [];
const rows = results.map(({ spec, r }) => {
  const engine = median(r.engineNs);
  const sdk = median(r.clientNs);
  const ratio = sdk / engine;
  let verdict = 'reported';
  if (spec.target) {
    verdict = ratio <= MAX_TIME_RATIO ? 'PASS' : 'FAIL';
    if (ratio > MAX_TIME_RATIO) failures.push(`(${spec.id}) SDK/engine time per call ${ratio.toFixed(2)}`);
  }
  return [
    `(${spec.id}) ${spec.title}`,
    formatRate((r.evaluations / engine) * 1e9),
    formatRate((r.evaluations / sdk) * 1e9),
    (engine / r.evaluations).toFixed(1),
    (sdk / r.evaluations).toFixed(1),
    `${ratio.toFixed(2)}x`,
    verdict,
  ];
});
console.log(
  `\nload average after the timed workloads: ${loadAfterTiming} (${availableParallelism()} CPUs)\n`,
);
console.log(
  table(
    [
      'workload',
      'engine evals/s',
      'SDK evals/s',
      'engine ns/call',
      'SDK ns/call',
      'SDK/engine time',
      'target',
    ],
    rows,
  ),
);
console.log(
  `\nTarget: the SDK at most ${MAX_TIME_RATIO}x the engine's time per call in (a) and (b). Exposures are ` +
    `never more than a window's distinct users per variant, nor ${count(MAX_EXPOSURES_PER_VARIANT)}; ` +
    'the harness checks every window the SDK sent.',
);

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const perFlag = (bytes: number) => `${count(Math.round(bytes / heap.flags))} B`;
console.log(
  `\nHeap for ${count(heap.flags)} realistic flags (the ruleset is ${mb(heap.rulesetBytes)} of JSON): ` +
    'heapUsed after gc, minus the same before\n',
);
console.log(
  table(
    ['held by', 'heap', 'per flag'],
    [
      ['bare engine (createEvaluator)', mb(heap.engineBytes), perFlag(heap.engineBytes)],
      ['SDK client, ruleset loaded', mb(heap.clientBytes), perFlag(heap.clientBytes)],
      [
        'SDK client, every flag evaluated once',
        mb(heap.clientEvaluatedBytes),
        perFlag(heap.clientEvaluatedBytes),
      ],
    ],
  ),
);

if (failures.length > 0) {
  console.error(`\nFAIL  over ${MAX_TIME_RATIO}x:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  process.exitCode = 1;
} else {
  console.log(`\nPASS  the SDK's isEnabled is within ${MAX_TIME_RATIO}x of the bare engine in (a) and (b).`);
}
