import { type ParseArgsConfig, parseArgs } from 'node:util';
import { usageError } from '../errors.js';
import type { Command, OptionSpec, OptionValues } from './command.js';
import { GLOBAL_OPTIONS } from './global-options.js';

export type CommandLine =
  /** `--help` or `help`: help for the whole tool, a group (`flags`) or one command. */
  | { kind: 'help'; topic: string[] }
  | { kind: 'run'; command: Command; args: string[]; options: OptionValues };

/**
 * Finds the command named by the leading words, then parses the arguments strictly against that
 * command's options and the global ones, so `flags list --limit 3` is an error, not a silent no-op.
 */
export function parseCommandLine(argv: string[], commands: readonly Command[]): CommandLine {
  const words = leadingWords(argv, commands);
  if (words[0] === 'help') return { kind: 'help', topic: words.slice(1) };

  // The longest name that matches: `flags plan start <key>` before `flags plan <key>`.
  const command = commands
    .filter((c) => c.name.every((part, i) => words[i] === part))
    .sort((a, b) => b.name.length - a.name.length)[0];
  if (command === undefined) {
    if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help', topic: words };
    throw unknownCommand(words, commands);
  }
  const helpHint = `switchyard ${command.name.join(' ')} --help`;
  const { values, positionals } = strictParse(argv, { ...GLOBAL_OPTIONS, ...command.options }, helpHint);
  if (values.help === true) return { kind: 'help', topic: [...command.name] };

  const args = positionals.slice(command.name.length);
  // `[dir]` is optional; `<key>` is required.
  const missing = command.args[args.length];
  if (missing !== undefined && !missing.startsWith('[')) {
    throw usageError(`missing ${missing}: usage: ${usageLine(command)} (see ${helpHint})`);
  }
  if (args.length > command.args.length) {
    throw usageError(`unexpected argument "${args[command.args.length]}" (see ${helpHint})`);
  }
  return { kind: 'run', command, args, options: values };
}

export function usageLine(command: Command): string {
  const options = command.options && Object.keys(command.options).length > 0 ? ' [options]' : '';
  return ['switchyard', ...command.name, ...command.args].join(' ') + options;
}

/** The positional words, found leniently (any option any command knows), to pick the command. */
function leadingWords(argv: string[], commands: readonly Command[]): string[] {
  const everyOption = Object.assign({}, GLOBAL_OPTIONS, ...commands.map((c) => c.options ?? {}));
  return parseArgs({ args: argv, options: toParseArgs(everyOption), strict: false, allowPositionals: true })
    .positionals;
}

function strictParse(
  argv: string[],
  options: Record<string, OptionSpec>,
  helpHint: string,
): { values: OptionValues; positionals: string[] } {
  try {
    const parsed = parseArgs({
      args: argv,
      options: toParseArgs(options),
      strict: true,
      allowPositionals: true,
    });
    return { values: parsed.values as OptionValues, positionals: parsed.positionals };
  } catch (err) {
    throw usageError(`${describeParseError(err)} (see ${helpHint})`);
  }
}

function toParseArgs(options: Record<string, OptionSpec>): NonNullable<ParseArgsConfig['options']> {
  return Object.fromEntries(
    Object.entries(options).map(([name, spec]) => [
      name,
      spec.short === undefined ? { type: spec.type } : { type: spec.type, short: spec.short },
    ]),
  );
}

/** parseArgs' messages, shortened to what the user typed and what is wrong with it. */
function describeParseError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = err instanceof Error && 'code' in err ? err.code : undefined;
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option !== undefined) {
    return /^-\d/.test(option)
      ? `negative numbers are not accepted: "${option}"`
      : `unknown option "${option}"`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option !== undefined) {
    return /argument missing/.test(message)
      ? `option ${option} needs a value`
      : `option ${option}: ${message.split('. ')[0]}`;
  }
  return message;
}

function unknownCommand(words: string[], commands: readonly Command[]) {
  const [group] = words;
  if (group === undefined) return usageError('no command given (see switchyard --help)');
  const sub = commands.filter((c) => c.name[0] === group && c.name.length > 1);
  if (sub.length > 0) {
    const names = [...new Set(sub.map((c) => c.name[1]))].join(', ');
    return words.length === 1
      ? usageError(`"${group}" needs a command: ${names} (see switchyard ${group} --help)`)
      : usageError(
          `unknown command "${group} ${words[1]}"; ${group} commands are ${names} (see switchyard ${group} --help)`,
        );
  }
  return usageError(`unknown command "${group}" (see switchyard --help)`);
}
