// `pnpm bench [name ...]`: runs each benchmark in a Node process of its own, one after another, so
// that no benchmark's JIT state or garbage disturbs the next. With names, runs only those.
import { ensureBenchModules, runBenchEntry } from './lib/bench-entry.mjs';
import { checkNode, ensureSystemPackages, step } from './lib/setup.mjs';

const REDIS_SERVER = { command: 'redis-server', debian: 'redis-server' };
const WRK = { command: 'wrk', debian: 'wrk' };

/**
 * Every benchmark: a TypeScript entry point under bench/src, and the Debian packages it runs (installed
 * like the tests' ones when missing). Add new ones here.
 */
const BENCHMARKS = [
  {
    name: 'engine',
    entry: 'src/engine.ts',
    about: 'flag evaluation: Switchyard vs Unleash, LaunchDarkly, GrowthBook and flagd over 1M users',
  },
  {
    name: 'sdk',
    entry: 'src/sdk.ts',
    about: 'Node SDK isEnabled (with metrics) vs the bare engine over 1M users; heap for 10,000 flags',
  },
  {
    name: 'propagation',
    entry: 'src/propagation.ts',
    about:
      'admin write to patch event at 1,000 and 5,000 SSE clients of 2 instances sharing Redis: p50/p99, server CPU per event',
    system: [REDIS_SERVER],
  },
  {
    name: 'admin-write',
    entry: 'src/admin-write.ts',
    about: 'sequential admin flag writes (PUT, rollout) through the server on redis-server: p50/p99',
    system: [REDIS_SERVER],
  },
  {
    name: 'evaluate',
    entry: 'src/evaluate.ts',
    about: 'POST /sdk/v1/evaluate (20 flags) req/s and latency vs a bare Fastify route, with wrk',
    system: [WRK],
  },
  {
    name: 'evaluate-work',
    entry: 'src/evaluate-work.ts',
    about: 'the bare evaluate route with 0-20 µs of work added: server CPU per request, per µs of work',
    system: [WRK],
  },
  {
    name: 'abuse',
    entry: 'src/abuse.ts',
    about: 'worst /health/live latency while each client-key attack of the abuse suite runs',
  },
  {
    name: 'rolling',
    entry: 'src/rolling.ts',
    about: 'rolling restart of 3 instances behind HAProxy: staleness, SDK reconnect times, failures',
    system: [REDIS_SERVER, { command: 'haproxy', debian: 'haproxy' }],
  },
  {
    name: 'idle-streams',
    entry: 'src/idle-streams.ts',
    about: 'server RSS with 10,000 idle SSE stream connections',
  },
];

const requested = process.argv.slice(2).filter((arg) => arg !== '--');
const unknown = requested.filter((name) => !BENCHMARKS.some((b) => b.name === name));
if (unknown.length > 0) {
  console.error(`✖ Unknown benchmark ${unknown.join(', ')}. Available:`);
  for (const b of BENCHMARKS) console.error(`  ${b.name.padEnd(12)} ${b.about}`);
  process.exit(2);
}

checkNode();
ensureBenchModules();

const selected = requested.length > 0 ? BENCHMARKS.filter((b) => requested.includes(b.name)) : BENCHMARKS;
ensureSystemPackages([
  ...new Map(selected.flatMap((b) => b.system ?? []).map((p) => [p.command, p])).values(),
]);
const results = [];
for (const benchmark of selected) {
  step(`Benchmark ${benchmark.name}: ${benchmark.about}`);
  const run = runBenchEntry(benchmark.entry);
  const status = run.error ? `could not start: ${run.error.message}` : (run.status ?? run.signal);
  results.push({ name: benchmark.name, ok: run.status === 0, status });
}

console.log('\nbenchmarks:');
for (const r of results)
  console.log(`  ${r.ok ? 'PASS' : 'FAIL'}  ${r.name}${r.ok ? '' : ` (exit ${r.status})`}`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
