import type { Command, OptionSpec } from './command.js';
import { GLOBAL_OPTIONS } from './global-options.js';
import { usageLine } from './parse-command-line.js';

/** Help for the tool, for a group of commands (`flags`), or for one command; null for an unknown topic. */
export function helpText(topic: string[], commands: readonly Command[]): string | null {
  const command = commands.find(
    (c) => c.name.length === topic.length && c.name.every((p, i) => topic[i] === p),
  );
  if (command) return commandHelp(command);
  const listed = topic.length === 0 ? commands : commands.filter((c) => c.name[0] === topic[0]);
  if (listed.length === 0 || topic.length > 1) return null;
  return [
    topic.length === 0 ? 'switchyard: ramp, watch and roll back Switchyard feature flags\n' : '',
    `Usage: switchyard ${topic.length === 0 ? '<command>' : `${topic[0]} <command>`} [options]`,
    '',
    'Commands:',
    columns(listed.map((c) => [[...c.name, ...c.args].join(' '), c.summary])),
    '',
    'Global options:',
    optionLines(GLOBAL_OPTIONS),
    '',
    'Run switchyard <command> --help for its options and examples. Exit codes: 0 done, 1 refused by',
    'the server or not reachable, 2 wrong command line (nothing was sent).',
  ]
    .filter((line, i) => i > 0 || line !== '')
    .join('\n');
}

function commandHelp(command: Command): string {
  const sections = [`Usage: ${usageLine(command)}`, '', command.summary];
  if (command.description) sections.push('', command.description);
  if (command.options && Object.keys(command.options).length > 0) {
    sections.push('', 'Options:', optionLines(command.options));
  }
  sections.push('', 'Global options:', optionLines(GLOBAL_OPTIONS));
  sections.push('', 'Examples:', ...command.examples.map((e) => `  ${e}`));
  return sections.join('\n');
}

function optionLines(options: Record<string, OptionSpec>): string {
  return columns(
    Object.entries(options).map(([name, spec]) => [
      `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.value ? ` <${spec.value}>` : ''}`,
      spec.description,
    ]),
  );
}

function columns(rows: string[][]): string {
  const width = Math.max(...rows.map(([left = '']) => left.length));
  return rows.map(([left = '', right = '']) => `  ${left.padEnd(width)}  ${right}`).join('\n');
}
