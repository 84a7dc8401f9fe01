// Bundles the browser entry the way an app's bundler would (minified, production, React left to the
// app) and prints its gzipped size against the budget. `--json` prints the numbers for tests;
// `--out <file>` also writes the bundle there, so a test can measure it itself. Exits 1 over budget.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const BUDGET_BYTES = 8 * 1024;

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const result = await build({
  absWorkingDir: packageDir,
  entryPoints: ['src/index.ts'],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  jsx: 'automatic',
  conditions: ['@switchyard/source'],
  external: ['react', 'react-dom', 'react/jsx-runtime'],
  define: { 'process.env.NODE_ENV': '"production"' },
  metafile: true,
  write: false,
  logLevel: 'error',
});

const code = result.outputFiles[0].contents;
const size = {
  minifiedBytes: code.length,
  gzippedBytes: gzipSync(code, { level: 9 }).length,
  budgetBytes: BUDGET_BYTES,
  // Modules that made it into the output (the metafile also lists those tree-shaken away).
  inputs: Object.entries(Object.values(result.metafile.outputs)[0].inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path),
};

const out = process.argv.indexOf('--out');
if (out >= 0) writeFileSync(process.argv[out + 1], code);

if (process.argv.includes('--json')) console.log(JSON.stringify(size));
else {
  const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
  console.log(
    `@switchyard/sdk-react browser bundle: ${kb(size.minifiedBytes)} minified, ` +
      `${kb(size.gzippedBytes)} gzipped (budget ${kb(BUDGET_BYTES)})`,
  );
}
process.exitCode = size.gzippedBytes > BUDGET_BYTES ? 1 : 0;
