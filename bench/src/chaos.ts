// `pnpm chaos --minutes N`: three Switchyard instances behind HAProxy on Sentinel-managed Redis, SDK
// clients streaming and writers writing through HAProxy, under seeded random faults; then the checks
// of docs/reliability.md. Options: --seed S (replays a run), --clients N, --writers N,
// --load-processes N, --converge-within-ms N, --result FILE (the run and its checks as JSON).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkRun } from './chaos/checks.js';
import { type ChaosOptions, type ChaosRun, runChaos } from './chaos/run.js';
import { printMachine, watchOtherWork } from './delivery/machine.js';
import { distribution, ms } from './delivery/stats.js';
import { table } from './support/report.js';

// Every process started (instances again after each SIGKILL, Redis, HAProxy) is killed on exit by an
// 'exit' listener of its own.
process.setMaxListeners(0);

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '1' },
    seed: { type: 'string' },
    clients: { type: 'string', default: '500' },
    writers: { type: 'string', default: '20' },
    'load-processes': { type: 'string', default: '4' },
    'converge-within-ms': { type: 'string', default: '5000' },
    result: { type: 'string' },
  },
});

function positive(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    console.error(`✖ --${name} must be a positive number, not ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return n;
}

const options: ChaosOptions = {
  minutes: positive('minutes', values.minutes),
  seed:
    values.seed === undefined
      ? Math.floor(Math.random() * 2 ** 31)
      : Math.floor(positive('seed', values.seed)),
  clients: Math.floor(positive('clients', values.clients)),
  writers: Math.floor(positive('writers', values.writers)),
  loadProcesses: Math.floor(positive('load-processes', values['load-processes'])),
  convergeWithinMs: positive('converge-within-ms', values['converge-within-ms']),
};

console.log(
  `Switchyard chaos: ${options.minutes} min of faults, ${options.clients} SDK clients, ${options.writers} writers; ` +
    `seed ${options.seed} (repeat with --seed ${options.seed})`,
);
printMachine();
const reportOtherWork = watchOtherWork();

let run: ChaosRun;
try {
  run = await runChaos(options, (line) => console.log(line));
} catch (error) {
  console.error(`\n✖ the chaos run could not complete (seed ${options.seed}):`, error);
  process.exit(1);
}
const checks = checkRun(run);

const writes = [...run.counts.writes];
const sum = (match: (status: number) => boolean) =>
  writes.filter(([s]) => match(s)).reduce((n, [, c]) => n + c, 0);
const perClient = distribution(run.convergence.flatMap((c) => c.perClientMs));
const byKind = new Map<string, number>();
for (const fault of run.faults) byKind.set(fault.kind, (byKind.get(fault.kind) ?? 0) + 1);
const unavailable = run.load.reduce((n, s) => n + s.unavailable, 0);
const sdkErrors: Record<string, number> = {};
for (const s of run.load)
  for (const [code, n] of Object.entries(s.errors)) sdkErrors[code] = (sdkErrors[code] ?? 0) + n;

console.log(
  `\nChaos run of ${(run.durationMs / 60_000).toFixed(1)} min (faults for ${options.minutes} min), seed ${options.seed}`,
);
console.log(
  table(
    ['figure', 'value'],
    [
      ['faults injected', `${run.faults.length} (${[...byKind].map(([k, n]) => `${k} ${n}`).join(', ')})`],
      ['writes acknowledged (2xx)', String(sum((s) => s >= 200 && s < 300))],
      ['writes answered 503', String(sum((s) => s === 503))],
      ['writes answered 409 (a lost answer had landed)', String(sum((s) => s === 409))],
      [
        'writes failed (no answer, or another status)',
        String(sum((s) => s === 0 || (s >= 300 && s !== 409 && s !== 503))),
      ],
      [
        'convergence after the last write (all clients)',
        run.convergence.every((c) => c.ms !== null)
          ? `${Math.max(...run.convergence.map((c) => c.ms as number))} ms`
          : 'not reached',
      ],
      [
        'per client: p50 / p90 / p99 / max',
        `${ms(perClient.p50, 0)} / ${ms(perClient.p90, 0)} / ${ms(perClient.p99, 0)} / ${ms(perClient.max, 0)}`,
      ],
      [
        'clients reconnecting when the last write was acknowledged',
        String(run.convergence.reduce((n, c) => n + c.notValidAtStart, 0)),
      ],
      ['last write after the faults stopped', `${run.lastWriteAt - run.faultsStoppedAt} ms`],
      ['SDK evaluations', String(run.load.reduce((n, s) => n + s.evaluations, 0))],
      [
        'SDK errors seen (by code)',
        Object.entries(sdkErrors)
          .map(([c, n]) => `${c} ${n}`)
          .join(', ') || 'none',
      ],
      ['SDK 503s seen', String(unavailable)],
    ],
  ),
);
console.log('\nSDK errors, first of each process:');
for (const sample of new Set(run.load.flatMap((s) => s.errorSamples))) console.log(`  ${sample}`);
console.log('\nfaults:');
for (const fault of run.faults)
  console.log(`  ${(fault.at / 1000).toFixed(1).padStart(6)} s  ${fault.detail}`);
console.log('\ninvariants:');
for (const check of checks) console.log(`  ${check.ok ? 'PASS' : 'FAIL'}  ${check.name}: ${check.detail}`);
reportOtherWork();

if (values.result !== undefined) {
  const json = JSON.stringify(
    { run, checks },
    (_, value) => (value instanceof Map ? Object.fromEntries(value) : value),
    2,
  );
  writeFileSync(values.result, json);
}
const ok = checks.every((c) => c.ok);
console.log(ok ? '\nchaos: every invariant held' : `\n✖ chaos: an invariant broke (seed ${options.seed})`);
process.exit(ok ? 0 : 1);
