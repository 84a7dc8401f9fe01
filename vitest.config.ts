import { defineConfig } from 'vitest/config';

// Tests run against each package's TypeScript source through the "@switchyard/source" export condition,
// so no build step is needed before testing.
const conditions = ['@switchyard/source', 'import', 'module', 'node', 'default'];
const project = (name: string, environment = 'node', testTimeout?: number) => ({
  extends: true as const,
  test: {
    name,
    environment,
    include: [`packages/${name}/test/**/*.test.{ts,tsx}`],
    ...(testTimeout ? { testTimeout } : {}),
  },
});

export default defineConfig({
  resolve: { conditions },
  // Vitest passes the SSR conditions to its workers as --conditions, which also steer require(): with
  // "import" there, a CommonJS package's require() of a dual package (helmet) would get its ES module.
  // Vite and Node add import/require/default by themselves.
  ssr: {
    resolve: { conditions: ['@switchyard/source', 'node'], externalConditions: ['@switchyard/source'] },
  },
  test: {
    projects: [
      project('shared'),
      project('server'),
      project('sdk-node'),
      project('sdk-react'),
      // A CLI test runs the command line as a child process several times, each a Node start-up.
      project('cli', 'node', 60_000),
      project('console'),
      project('openfeature'),
      project('test-support'),
      // The release bundle, the Docker image and the Kubernetes manifests under deploy/.
      { extends: true as const, test: { name: 'deploy', include: ['deploy/test/**/*.test.ts'] } },
    ],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
