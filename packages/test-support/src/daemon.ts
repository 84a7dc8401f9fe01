import { type ChildProcess, spawn } from 'node:child_process';

/**
 * A system daemon a harness runs in the foreground (redis-server, haproxy): started, stopped and
 * started again with the same arguments, SIGKILLed if this process exits first.
 */
export function daemonProcess(command: string, args: readonly string[], debianPackage: string) {
  let child: ChildProcess | undefined;
  let exitInfo: string | undefined;
  const killOnExit = () => child?.kill('SIGKILL');
  return {
    /** Why the last started process ended, with what it printed; undefined while it runs. */
    exited: () => exitInfo,
    spawn() {
      let output = '';
      exitInfo = undefined;
      const proc = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child = proc;
      proc.stdout?.on('data', (chunk) => {
        output += chunk;
      });
      proc.stderr?.on('data', (chunk) => {
        output += chunk;
      });
      proc.once('error', (err) => {
        exitInfo = `${err.message} (is ${command} installed? apt-get install ${debianPackage})`;
      });
      proc.once('exit', (code, signal) => {
        exitInfo = `code ${code}, signal ${signal}: ${output.trim()}`;
      });
      process.once('exit', killOnExit);
    },
    /** Sends `signal` and waits for the exit; SIGKILL after 5 s. */
    async halt(signal: NodeJS.Signals = 'SIGTERM') {
      const proc = child;
      if (proc === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.kill(signal);
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      process.off('exit', killOnExit);
    },
  };
}
