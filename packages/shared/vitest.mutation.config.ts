import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The date and semver parsers' tests. Most static mutants (docs/quality.md) are in those parsers'
 * regular expressions, built when the module loads; a static mutant runs every test file, and stops at
 * the first failing test, so these files run first.
 */
const PARSER_TESTS = /\/test\/evaluation\/(dates|semver)\.test\.ts$/;

/**
 * Vitest runs the slowest files first, which suits a full run. A mutant run stops at the first failing
 * test, and most mutants are caught by the quick table tests, so those run first here, the parsers'
 * tests before them.
 */
class QuickestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const quickest = (await super.sort(files)).reverse();
    const parsers = quickest.filter((file) => PARSER_TESTS.test(file.moduleId));
    return [...parsers, ...quickest.filter((file) => !parsers.includes(file))];
  }
}

// The shared package's tests, for mutation testing of the engine (stryker.config.json, docs/quality.md);
// the root vitest.config.ts runs them all as its "shared" project. Left out here: the interop property
// tests, which check the flagd and Unleash translations against those products' own evaluators over
// tens of thousands of generated users. They take most of the package's test time, run for every
// mutant they reach that survives, and the engine's own tests reach the same engine code. Mutated code
// runs several times slower than plain code, hence the long timeout.
// Away from UTC, so that a date-time read in local time instead of UTC fails the date tests. Set here,
// before any test worker starts: a worker thread cannot change the process's time zone.
process.env.TZ = 'America/New_York';
// Stryker runs the tests in a copy of the repository (.stryker-tmp/sandbox-*), which has no ../shared
// next to it: there the vector fixtures are tested as they are (see test/fixtures.test.ts).
if (import.meta.dirname.includes('.stryker-tmp')) process.env.SWITCHYARD_SKIP_SHARED_CHECK ??= '1';

export default defineConfig({
  root: import.meta.dirname,
  // The vectors come from @switchyard/test-support, which is read from source as in the root config.
  resolve: { conditions: ['@switchyard/source', 'import', 'module', 'node', 'default'] },
  ssr: {
    resolve: { conditions: ['@switchyard/source', 'node'], externalConditions: ['@switchyard/source'] },
  },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/interop/flagd-export.test.ts', 'test/interop/*-property.test.ts'],
    testTimeout: 120_000,
    sequence: { sequencer: QuickestFirst },
  },
});
