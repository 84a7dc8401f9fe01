import { createAdminClient } from './api/admin-client.js';
import type { Command } from './cli/command.js';
import { resolveGlobalSettings } from './cli/global-options.js';
import { helpText } from './cli/help.js';
import { parseCommandLine } from './cli/parse-command-line.js';
import { applyCommands } from './commands/apply.js';
import { auditCommands } from './commands/audit.js';
import { exportCommands } from './commands/export.js';
import { flagCommands } from './commands/flags.js';
import { importCommands } from './commands/import.js';
import { keyCommands } from './commands/keys.js';
import { lifecycleCommands } from './commands/lifecycle.js';
import { planCommands } from './commands/plans.js';
import { refsCommands } from './commands/refs.js';
import { triggerCommands } from './commands/triggers.js';
import { CliError, EXIT, type ExitCode, usageError } from './errors.js';

export const COMMANDS: readonly Command[] = [
  ...flagCommands,
  ...lifecycleCommands,
  ...planCommands,
  ...triggerCommands,
  ...keyCommands,
  ...auditCommands,
  ...refsCommands,
  ...applyCommands,
  ...exportCommands,
  ...importCommands,
];

/** Where a run reads its settings and writes its output; `main.ts` passes the process's own. */
export interface RunIo {
  env: Record<string, string | undefined>;
  stdout(text: string): void;
  stderr(text: string): void;
}

/**
 * Runs one command line and returns the exit code: 0 done, 1 refused by the server or not reachable,
 * 2 a wrong command line. Every expected failure is one line on stderr.
 */
export async function run(argv: string[], io: RunIo): Promise<ExitCode> {
  if (argv.length === 0) {
    io.stderr(`${helpText([], COMMANDS)}\n`);
    return EXIT.usage;
  }
  try {
    const line = parseCommandLine(argv, COMMANDS);
    if (line.kind === 'help') {
      const text = helpText(line.topic, COMMANDS);
      if (text === null)
        throw usageError(`unknown command "${line.topic.join(' ')}" (see switchyard --help)`);
      io.stdout(`${text}\n`);
      return EXIT.ok;
    }
    const settings = resolveGlobalSettings(line.options, io.env);
    await line.command.run(
      {
        client: createAdminClient(settings),
        serverUrl: settings.url.replace(/\/+$/, ''),
        env: settings.env,
        envGiven: settings.envGiven,
        json: settings.json,
        print: (text) => io.stdout(`${text}\n`),
        warn: (text) => io.stderr(`${text}\n`),
      },
      line.args,
      line.options,
    );
    return EXIT.ok;
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    io.stderr(`switchyard: ${err.message}\n`);
    return err.exitCode;
  }
}
