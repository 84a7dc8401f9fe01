// `npm start`: installs and builds what is missing, then starts the flag server on the embedded file
// store (./data) with a demo flag, printing the URL and the admin token. Arguments go to the server:
// `npm start -- new-admin-token`.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
// The Node.js options the server runs with everywhere (docs/operations.md, "Node.js options").
const nodeFlags = JSON.parse(readFileSync(join(ROOT, 'packages/server/node-flags.json'), 'utf8'));
const server = spawn(
  process.execPath,
  [...nodeFlags, join(ROOT, 'packages/server/dist/main.js'), ...process.argv.slice(2)],
  {
    cwd: ROOT,
    stdio: 'inherit',
    env: { LOG_LEVEL: 'warn', ...process.env },
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
