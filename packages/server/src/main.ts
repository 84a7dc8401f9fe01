#!/usr/bin/env node
/**
 * `switchyard-server`: starts the flag server from environment variables (see packages/server/docs/configuration.md).
 * `switchyard-server new-admin-token` makes another admin token when the first one is lost.
 * `switchyard-server restore` brings back a store that forgot its data (docs/operations.md).
 */
import { ConfigError } from './config/config.js';
import { openStore } from './open-store.js';
import { RESTORE_USAGE, restoreCommand } from './restore-command.js';
import { newAdminToken } from './services/api-keys.js';
import { resolveConfig, startServer } from './start.js';

async function main(args: string[]): Promise<void> {
  if (args[0] === 'new-admin-token') {
    const config = resolveConfig({});
    const store = await openStore(config);
    try {
      const token = await newAdminToken(store, args[1] ?? 'admin token (command line)');
      console.log(`New admin token (shown once, stored only as a hash):\n\n  ${token}\n`);
    } finally {
      await store.close();
    }
    return;
  }
  if (args[0] === 'restore') return restoreCommand(args.slice(1), (line) => console.log(line));
  if (args.length > 0 && args[0] !== 'start') {
    throw new ConfigError(
      `Unknown command "${args[0]}". Commands: start (default), new-admin-token [name], ${RESTORE_USAGE}`,
    );
  }

  const server = await startServer({ demo: true });
  const config = resolveConfig({});
  const storeLine = config.redisUrl
    ? `Redis (${config.redisUrl.replace(/\/\/[^@]*@/, '//***@')})`
    : `file store in ${config.dataDir}`;
  const tokenLines =
    server.adminToken === null
      ? [
          '  Admin token: created on first start and shown then (stored only as a hash).',
          '               Lost it? Run: npm start -- new-admin-token',
        ]
      : server.adminTokenGenerated
        ? [
            `  Admin token: ${server.adminToken}`,
            '               Shown once: keep it now (stored only as a hash).',
          ]
        : ['  Admin token: the one in SWITCHYARD_ADMIN_TOKEN'];
  // Listened for before the banner: whoever waits for the banner may signal at once, and a signal
  // with no listener yet would end the process without a drain.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      server.app.log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    server.app.log.info({ signal }, 'shutting down');
    // The drain has its own length; past it, closing gets SHUTDOWN_TIMEOUT_SECONDS and no more.
    setTimeout(() => {
      server.app.log.error('shutdown did not finish within SHUTDOWN_TIMEOUT_SECONDS; exiting');
      process.exit(1);
    }, config.drainMs + config.shutdownTimeoutMs);
    await server.shutdown();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  console.log(
    [
      '',
      `Switchyard is running at ${server.url}  (${storeLine})`,
      '',
      `  Console:     ${server.url}/admin`,
      `  Admin API:   ${server.url}/api/v1`,
      `  API docs:    ${server.url}/docs`,
      ...tokenLines,
      '',
      '  Try it:',
      `    curl -H "Authorization: Bearer <admin token>" ${server.url}/api/v1/environments/production/flags`,
      '',
    ].join('\n'),
  );
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error('Switchyard could not start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
