import { defineConfig } from 'vitest/config';

// The shared package's tests alone, for mutation testing (stryker.config.json, docs/quality.md). The
// root vitest.config.ts runs the same files as its "shared" project. Mutated code runs several times
// slower than plain code, hence the long timeout.
export default defineConfig({
  root: import.meta.dirname,
  test: { include: ['test/**/*.test.ts'], testTimeout: 120_000 },
});
