// `pnpm chaos --minutes N [--seed S] [--clients N] ...`: the chaos run of bench/src/chaos.ts (see
// docs/reliability.md), after installing what it needs: redis-server, redis-sentinel and haproxy.
import { ensureBenchModules, runBenchEntry } from './lib/bench-entry.mjs';
import { checkNode, ensureSystemPackages, TEST_SYSTEM_PACKAGES } from './lib/setup.mjs';

const NEEDED = ['redis-server', 'redis-sentinel', 'haproxy'];

checkNode();
ensureBenchModules();
ensureSystemPackages(TEST_SYSTEM_PACKAGES.filter((p) => NEEDED.includes(p.command)));
const run = runBenchEntry(
  'src/chaos.ts',
  process.argv.slice(2).filter((arg) => arg !== '--'),
);
if (run.error) console.error(`✖ could not start the chaos run: ${run.error.message}`);
process.exit(run.status ?? 1);
