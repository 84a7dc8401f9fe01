import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
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

/** Busy time of the whole machine (every CPU, every process, and time stolen by the hypervisor), in clock ticks. */
function machineBusyTicks(): number {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return user + nice + system + irq + softirq + steal;
}

/** CPU time of this process and of its children that have exited, in clock ticks. */
function ownTicks(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
  return (fields[11] ?? 0) + (fields[12] ?? 0) + (fields[13] ?? 0) + (fields[14] ?? 0);
}

/**
 * Starts counting the CPU time that processes outside this benchmark use on the machine. Call the
 * returned function once every process the benchmark started has exited: it prints that share, with a
 * note when it is large enough to distort the results (the benchmark's processes then waited for CPUs).
 */
export function watchOtherWork(): () => void {
  const started = performance.now();
  const machine = machineBusyTicks();
  const own = ownTicks();
  return () => {
    const capacity = ((performance.now() - started) / 1000) * 100 * availableParallelism();
    const others = Math.max(0, machineBusyTicks() - machine - (ownTicks() - own));
    const share = others / capacity;
    console.log(
      `\nOther work on the machine during the run: ${(share * 100).toFixed(0)}% of its ${availableParallelism()} CPUs` +
        ` (load average now ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')})`,
    );
    if (share > 0.1)
      console.log(
        'NOTE: other processes held a good part of the CPUs, so latencies are inflated and req/s ratios ' +
          'distorted; compare with a run on a quiet machine.',
      );
  };
}
