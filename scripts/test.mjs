// `npm test`: installs what is missing, then runs lint, typecheck and every package's tests.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkNode,
  ensureSystemPackages,
  installNodeModules,
  run,
  step,
  TEST_SYSTEM_PACKAGES,
} from './lib/setup.mjs';

checkNode();
installNodeModules();
ensureSystemPackages(TEST_SYSTEM_PACKAGES);

const bin = (name) => join('node_modules', '.bin', name);

step('Lint and format (Biome)');
run(bin('biome'), ['check', '.']);

step('Typecheck (tsc)');
run(bin('tsc'), ['-p', 'tsconfig.json']);

step('Tests (vitest, every package)');
const report = join(mkdtempSync(join(tmpdir(), 'switchyard-test-')), 'report.json');
const status = run(
  bin('vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { allowFailure: true },
);

try {
  const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = JSON.parse(
    readFileSync(report, 'utf8'),
  );
  console.log(
    `\ntests: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped`,
  );
} catch {
  console.log('\n✖ vitest wrote no report');
}
process.exit(status);
