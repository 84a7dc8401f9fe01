// The faults of the chaos run, one at a time, each chosen by the seeded generator and waited out (the
// instance back and ready, the old Redis master replicating again) before the next one.
import type { Cluster, Instance } from './cluster.js';
import type { Random } from './random.js';

export const FAULT_KINDS = [
  'kill-instance',
  'kill-redis-master',
  'stop-instance',
  'restart-haproxy',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  kind: FaultKind;
  /** Milliseconds from the start of the run. */
  at: number;
  /** What happened, for the progress line and the report. */
  detail: string;
  /** Milliseconds from injecting the fault to everything being back. */
  recoveredMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The kinds of fault to inject, one per call: every kind once per round of four, in a seeded order,
 * so that even a short run meets each kind.
 */
export function faultSchedule(random: Random): () => FaultKind {
  let round: FaultKind[] = [];
  return () => {
    if (round.length === 0) {
      round = [...FAULT_KINDS];
      for (let i = round.length - 1; i > 0; i--) {
        const j = random.int(0, i);
        [round[i], round[j]] = [round[j] as FaultKind, round[i] as FaultKind];
      }
    }
    return round.shift() as FaultKind;
  };
}

async function killInstance(cluster: Cluster, instance: Instance, random: Random): Promise<string> {
  const pid = instance.process?.pid;
  await cluster.kill(instance);
  const downMs = random.int(500, 2_000);
  await sleep(downMs);
  const restartAt = Date.now();
  await cluster.startInstance(instance);
  return `SIGKILL ${instance.name} (pid ${pid}), restarted after ${downMs} ms, ready and UP in HAProxy ${Date.now() - restartAt} ms later`;
}

async function stopInstance(instance: Instance, random: Random): Promise<string> {
  const proc = instance.process;
  if (proc === undefined) throw new Error(`${instance.name} is not running`);
  const stoppedMs = random.int(1_000, 5_000);
  process.kill(proc.pid, 'SIGSTOP');
  try {
    await sleep(stoppedMs);
  } finally {
    process.kill(proc.pid, 'SIGCONT');
  }
  return `SIGSTOP ${instance.name} (pid ${proc.pid}) for ${stoppedMs} ms, then SIGCONT`;
}

/**
 * An instance to break: one that crashed since the last fault is started again first (the crash is
 * already recorded, and fails the run), so that the run goes on and reports everything.
 */
async function pickInstance(cluster: Cluster, random: Random): Promise<{ instance: Instance; note: string }> {
  const instance = random.pick(cluster.instances);
  if (cluster.running(instance)) return { instance, note: '' };
  await cluster.startInstance(instance);
  return { instance, note: ` (${instance.name} had exited by itself and was started again first)` };
}

/** Injects one fault of `kind` and resolves once the cluster has recovered from it. */
export async function injectFault(
  cluster: Cluster,
  kind: FaultKind,
  random: Random,
  startedAt: number,
): Promise<Fault> {
  const at = Date.now();
  let detail: string;
  switch (kind) {
    case 'kill-instance': {
      const { instance, note } = await pickInstance(cluster, random);
      detail = (await killInstance(cluster, instance, random)) + note;
      break;
    }
    case 'stop-instance': {
      const { instance, note } = await pickInstance(cluster, random);
      detail = (await stopInstance(instance, random)) + note;
      break;
    }
    case 'kill-redis-master': {
      const port = await cluster.masterPort();
      const { failoverMs, rejoinMs } = await cluster.killRedisMaster();
      detail = `SIGKILL Redis master (port ${port}): new master after ${failoverMs} ms, old one back as its replica at ${rejoinMs} ms`;
      break;
    }
    case 'restart-haproxy':
      await cluster.haproxy.restart();
      detail = 'HAProxy restarted (every connection through it dropped)';
      break;
  }
  return { kind, at: at - startedAt, detail, recoveredMs: Date.now() - at };
}
