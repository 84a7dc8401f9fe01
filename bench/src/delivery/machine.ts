import { execFileSync } from 'node:child_process';
import { machineLine } from '../support/report.js';

function commandOutput(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8' }).trim();
  } catch {
    return `(${command} unavailable)`;
  }
}

/** What BENCHMARKS.md records about the machine of a run: CPUs, memory, date, Node, load. */
export function printMachine(): void {
  console.log(machineLine());
  console.log(`nproc ${commandOutput('nproc', [])}; date -u: ${commandOutput('date', ['-u'])}`);
  const memory = commandOutput('free', ['-h']).split('\n')[1] ?? '';
  console.log(`free -h: ${memory.replace(/\s+/g, ' ')}`);
}
