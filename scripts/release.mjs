// `pnpm release [--out DIR]`: the self-contained server bundle that deploy/Dockerfile ships.
//
// One ESM file (server.mjs) holding the server and its production dependencies (fastify, ioredis,
// prom-client, zod and theirs), plus the built admin console beside it in console/. It needs Node.js
// and nothing else: no node_modules, no workspace links. Default output: release/switchyard-server.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkNode, PNPM, ROOT, run, step } from './lib/setup.mjs';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const out = resolve(values.out ?? join(ROOT, 'release', 'switchyard-server'));

checkNode();
if (!existsSync(join(ROOT, 'node_modules', 'esbuild'))) {
  console.error(`✖ Dependencies are missing: run ${PNPM.join(' ')} install first.`);
  process.exit(1);
}
// esbuild is a dependency: import it only once it is known to be installed.
const { build } = await import('esbuild');

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// Straight into the output: packages/console/dist, which a running `npm start` serves, stays as it is.
step('Building the admin console');
run(PNPM[0], [
  ...PNPM.slice(1),
  '--filter',
  '@switchyard/console',
  '--reporter=append-only',
  'exec',
  'vite',
  'build',
  '--outDir',
  join(out, 'console'),
  '--emptyOutDir',
]);

step(`Bundling the server into ${out}`);
const serverPackage = JSON.parse(readFileSync(join(ROOT, 'packages/server/package.json'), 'utf8'));
await build({
  entryPoints: [join(ROOT, 'packages/server/src/main.ts')],
  outfile: join(out, 'server.mjs'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Workspace packages from their TypeScript source, as the tests read them.
  conditions: ['@switchyard/source'],
  minify: false,
  sourcemap: 'linked',
  legalComments: 'linked',
  logLevel: 'warning',
  banner: {
    js: [
      // CommonJS dependencies call require() for Node built-ins; an ES module has none of its own.
      "import { createRequire as __syCreateRequire } from 'node:module';",
      "import { fileURLToPath as __syFileURLToPath } from 'node:url';",
      'const require = __syCreateRequire(import.meta.url);',
      // The console ships beside the bundle, not at packages/console/dist.
      "process.env.CONSOLE_DIR ??= __syFileURLToPath(new URL('./console', import.meta.url));",
    ].join('\n'),
  },
});
writeFileSync(
  join(out, 'package.json'),
  `${JSON.stringify(
    {
      name: 'switchyard-server',
      version: serverPackage.version,
      description: 'The Switchyard flag server, bundled with its dependencies and the admin console',
      license: serverPackage.license,
      type: 'module',
      private: true,
      engines: { node: '>=20.19' },
      bin: { 'switchyard-server': './server.mjs' },
    },
    null,
    2,
  )}\n`,
);
for (const file of ['LICENSE', 'README.md']) {
  if (existsSync(join(ROOT, file))) cpSync(join(ROOT, file), join(out, file));
}

const check = spawnSync(process.execPath, ['--check', join(out, 'server.mjs')], { stdio: 'inherit' });
if (check.status !== 0) process.exit(1);
// With the Node.js options the server runs with everywhere (docs/operations.md, "Node.js options").
const nodeFlags = JSON.parse(readFileSync(join(ROOT, 'packages/server/node-flags.json'), 'utf8'));
const command = ['node', ...nodeFlags, join(out, 'server.mjs')].join(' ');
console.log(`\n✔ ${out}: run it with \`${command}\` (Node.js 20.19 or newer)`);
