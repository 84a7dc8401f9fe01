import { defineConfig } from 'vitest/config';

// The pure rollout-decision tests alone (guards and decideStep), for mutation testing of the code that
// decides rollbacks (stryker.rollouts.config.json, docs/quality.md). The root vitest.config.ts runs
// them too.
const conditions = ['@switchyard/source', 'import', 'module', 'node', 'default'];
export default defineConfig({
  root: import.meta.dirname,
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@switchyard/source'] } },
  test: {
    include: ['test/rollouts/guards.test.ts', 'test/rollouts/plan-decision.test.ts'],
    testTimeout: 120_000,
  },
});
