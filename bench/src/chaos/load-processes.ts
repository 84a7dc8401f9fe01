// The chaos run's side of its load processes (load.ts): spawning them and asking them over IPC.
import { type BenchProcess, spawnBenchScript } from '../delivery/processes.js';
import type { Convergence, FromLoad, LoadConfig, LoadStats, ToLoad } from './protocol.js';

/** Sockets per load process: its clients' streams and requests, and the runtime's own files. */
const FILE_LIMIT = 4_096;
const READY_TIMEOUT_MS = 240_000;
const ANSWER_TIMEOUT_MS = 30_000;

export class LoadProcess {
  private constructor(private readonly proc: BenchProcess) {}

  /** Spawns a load process and waits until all its clients have their first ruleset. */
  static async start(config: LoadConfig): Promise<LoadProcess> {
    const proc = spawnBenchScript('src/chaos/load.ts', {
      env: { ...process.env, CHAOS_LOAD_CONFIG: JSON.stringify(config) },
      fileLimit: FILE_LIMIT,
      ipc: true,
    });
    const load = new LoadProcess(proc);
    // Sending to a process that has just exited reports the closed channel here, not as a crash.
    proc.child.on('error', () => {});
    try {
      await load.answer('ready', READY_TIMEOUT_MS);
    } catch (error) {
      await proc.stop();
      throw error;
    }
    return load;
  }

  async stats(): Promise<LoadStats> {
    return (await this.ask({ type: 'stats' }, 'stats', ANSWER_TIMEOUT_MS)).stats;
  }

  async converge(
    revision: number,
    since: number,
    timeoutMs: number,
  ): Promise<{ convergence: Convergence; stats: LoadStats }> {
    const { convergence, stats } = await this.ask(
      { type: 'converge', revision, since, timeoutMs },
      'converged',
      timeoutMs + ANSWER_TIMEOUT_MS,
    );
    return { convergence, stats };
  }

  async stop(): Promise<void> {
    this.proc.child.send?.({ type: 'stop' } satisfies ToLoad, () => {});
    const timer = setTimeout(() => void this.proc.stop(), 10_000);
    await this.proc.exited;
    clearTimeout(timer);
    await this.proc.stop();
  }

  private ask<T extends FromLoad['type']>(message: ToLoad, type: T, timeoutMs: number) {
    const answer = this.answer(type, timeoutMs);
    // A process that has exited cannot be asked; `answer` then rejects with its output.
    if (this.proc.child.connected) this.proc.child.send(message, () => {});
    return answer;
  }

  private answer<T extends FromLoad['type']>(
    type: T,
    timeoutMs: number,
  ): Promise<Extract<FromLoad, { type: T }>> {
    const { child } = this.proc;
    return new Promise((resolve, reject) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        reject(
          new Error(
            `a load process had exited (${child.exitCode ?? child.signalCode}):\n${this.proc.output()}`,
          ),
        );
        return;
      }
      const done = () => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      const onMessage = (message: FromLoad) => {
        if (message.type !== type) return;
        done();
        resolve(message as Extract<FromLoad, { type: T }>);
      };
      const onExit = (code: number | null) => {
        done();
        reject(
          new Error(`a load process exited (${code}) while waiting for "${type}":\n${this.proc.output()}`),
        );
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new Error(`a load process did not answer "${type}" within ${timeoutMs} ms:\n${this.proc.output()}`),
        );
      }, timeoutMs);
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  }
}
