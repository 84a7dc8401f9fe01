/** Exit codes: scripts can tell a refused or failed call (1) from a command line that was wrong (2). */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * The one error the commands throw: a message meant to be read as one line on stderr, and the exit
 * code that goes with it.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}

/** The command line itself is wrong: nothing was sent to the server. */
export function usageError(message: string): CliError {
  return new CliError(message, EXIT.usage);
}

/** The server refused or could not be reached. */
export function failure(message: string): CliError {
  return new CliError(message, EXIT.failed);
}
