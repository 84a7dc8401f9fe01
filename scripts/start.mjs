// `npm start`: installs and builds what is missing, then starts the flag server on the embedded file
// store (./data) with a demo flag, printing the URL and the admin token. Arguments go to the server:
// `npm start -- new-admin-token`.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkNode, installNodeModules, PNPM, ROOT, run, step } from './lib/setup.mjs';

checkNode();
installNodeModules();
step('Building the server, the admin console and the CLI');
run(PNPM[0], [
  ...PNPM.slice(1),
  '--filter',
  '@switchyard/server...',
  '--filter',
  '@switchyard/console',
  '--filter',
  '@switchyard/cli',
  '--reporter=append-only',
  'run',
  'build',
]);

step('Starting Switchyard');
// The Node.js options the server runs with everywhere (packages/server/src/node-flags.ts), from the build.
const { SERVER_NODE_FLAGS } = await import(
  pathToFileURL(join(ROOT, 'packages/server/dist/node-flags.js')).href
);
const server = spawn(
  process.execPath,
  [...SERVER_NODE_FLAGS, join(ROOT, 'packages/server/dist/main.js'), ...process.argv.slice(2)],
  {
    cwd: ROOT,
    stdio: 'inherit',
    env: { LOG_LEVEL: 'warn', ...process.env },
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
