import { defineConfig } from 'vitest/config';

// The shared package's tests alone, for mutation testing (stryker.config.json, docs/quality.md). The
// root vitest.config.ts runs the same files as its "shared" project.
export default defineConfig({
  root: import.meta.dirname,
  test: { include: ['test/**/*.test.ts'], testTimeout: 20_000 },
});
