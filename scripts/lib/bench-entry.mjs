// Runs a TypeScript entry point of bench/ (a benchmark, the chaos run) in a Node process of its own.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { installNodeModules, ROOT } from './setup.mjs';

const BENCH_DIR = join(ROOT, 'bench');

// The entries run the workspace's TypeScript sources directly: tsx compiles them on load, and the
// "@switchyard/source" condition resolves @switchyard/* to src/ (as the tests do), so nothing needs building.
// NODE_ENV=production is how these SDKs run in a deployed service (GrowthBook skips debug logging).
const NODE_ARGS = ['--conditions=@switchyard/source', '--import', 'tsx', '--expose-gc'];
const ENV = { ...process.env, NODE_ENV: 'production' };

/** Installs the workspace's dependencies when bench/ has none yet. */
export function ensureBenchModules() {
  if (!existsSync(join(BENCH_DIR, 'node_modules', 'tsx'))) installNodeModules();
}

/** Runs `entry` (relative to bench/) with `args`, output inherited; returns the spawnSync result. */
export function runBenchEntry(entry, args = []) {
  return spawnSync(process.execPath, [...NODE_ARGS, entry, ...args], {
    cwd: BENCH_DIR,
    env: ENV,
    stdio: 'inherit',
  });
}
