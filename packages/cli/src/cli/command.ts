import type { AdminClient } from '../api/admin-client.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Placeholder of the value in help, such as `n` for `--limit <n>`. */
  value?: string;
  description: string;
}

export type OptionValues = Record<string, string | boolean | undefined>;

/** What a command runs with: a client for the server, the global options, and where to print. */
export interface CommandContext {
  client: AdminClient;
  /** The server's base URL, without a trailing slash (trigger URLs are printed in full). */
  serverUrl: string;
  env: string;
  /** True when --env was given (not defaulted): admin keys are scoped to an environment only then. */
  envGiven: boolean;
  json: boolean;
  print(text: string): void;
  /** One line on stderr, for what the user should know beside the output (a partial export). */
  warn(text: string): void;
}

export interface Command {
  /** Words that select the command: ['flags', 'ramp']. */
  name: readonly string[];
  /** Positional arguments, in order, as shown in help: ['<key>', '<percentage>']; '[dir]' is optional. */
  args: readonly string[];
  summary: string;
  /** A paragraph or two for `--help`. */
  description?: string;
  options?: Record<string, OptionSpec>;
  examples: readonly string[];
  run(ctx: CommandContext, args: string[], options: OptionValues): Promise<void>;
}
