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

// The engine's own tests (test/evaluation, test/hashing, and test/schema, which holds the tests of the
// `matches` pattern compiler), for mutation testing of the engine
// (stryker.config.json, docs/quality.md); the root vitest.config.ts runs every test of the package as its
// "shared" project. Left out here: the tests of what is built on the engine (the flagd and Unleash
// translations, the protocol's schemas, rollout steps, delivery). They reach engine code as a side
// effect, so each one ran for hundreds of mutants and was rarely the one to catch them, and Vitest
// starts a worker for every test file a mutant's tests are in: that start, not the tests, is most of
// the run's time. Mutated code runs several times slower than plain code, hence the long timeout.
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
    include: ['test/evaluation/**/*.test.ts', 'test/hashing/**/*.test.ts', 'test/schema/**/*.test.ts'],
    testTimeout: 120_000,
    sequence: { sequencer: QuickestFirst },
  },
});
