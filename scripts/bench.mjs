// `pnpm bench [name ...]`: runs each benchmark in a Node process of its own, one after another, so
// that no benchmark's JIT state or garbage disturbs the next. With names, runs only those.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkNode, installNodeModules, ROOT, step } from './lib/setup.mjs';

/** Every benchmark: a TypeScript entry point under bench/src. Add new ones here. */
const BENCHMARKS = [
  {
    name: 'engine',
    entry: 'src/engine.ts',
    about: 'flag evaluation: Switchyard vs Unleash, LaunchDarkly, GrowthBook and flagd over 1M users',
  },
];

const BENCH_DIR = join(ROOT, 'bench');

// Benchmarks run the workspace's TypeScript sources directly: tsx compiles them on load, and the
// "@switchyard/source" condition resolves @switchyard/* to src/ (as the tests do), so nothing needs building.
// NODE_ENV=production is how these SDKs run in a deployed service (GrowthBook skips debug logging).
const NODE_ARGS = ['--conditions=@switchyard/source', '--import', 'tsx', '--expose-gc'];
const ENV = { ...process.env, NODE_ENV: 'production' };

const requested = process.argv.slice(2).filter((arg) => arg !== '--');
const unknown = requested.filter((name) => !BENCHMARKS.some((b) => b.name === name));
if (unknown.length > 0) {
  console.error(`✖ Unknown benchmark ${unknown.join(', ')}. Available:`);
  for (const b of BENCHMARKS) console.error(`  ${b.name.padEnd(10)} ${b.about}`);
  process.exit(2);
}

checkNode();
if (!existsSync(join(BENCH_DIR, 'node_modules', 'tsx'))) installNodeModules();

const selected = requested.length > 0 ? BENCHMARKS.filter((b) => requested.includes(b.name)) : BENCHMARKS;
const results = [];
for (const benchmark of selected) {
  step(`Benchmark ${benchmark.name}: ${benchmark.about}`);
  const run = spawnSync(process.execPath, [...NODE_ARGS, benchmark.entry], {
    cwd: BENCH_DIR,
    env: ENV,
    stdio: 'inherit',
  });
  const status = run.error ? `could not start: ${run.error.message}` : (run.status ?? run.signal);
  results.push({ name: benchmark.name, ok: run.status === 0, status });
}

console.log('\nbenchmarks:');
for (const r of results)
  console.log(`  ${r.ok ? 'PASS' : 'FAIL'}  ${r.name}${r.ok ? '' : ` (exit ${r.status})`}`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
