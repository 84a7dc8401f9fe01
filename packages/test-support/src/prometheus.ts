import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

/**
 * Debian's Prometheus and Alertmanager for one test file: each on its own free port, with its own
 * temp directory and config, stopped and removed by `stop()`. Tests never assume one is running.
 */
export interface TestMonitor {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Everything the process printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 20_000;
export const PROMETHEUS_BIN = '/usr/bin/prometheus';
export const ALERTMANAGER_BIN = '/usr/bin/prometheus-alertmanager';

async function startMonitor(
  name: string,
  bin: string,
  files: Record<string, string>,
  args: (dir: string, port: number) => string[],
): Promise<TestMonitor> {
  const dir = await mkdtemp(join(tmpdir(), `switchyard-${name}-`));
  for (const [file, text] of Object.entries(files)) await writeFile(join(dir, file), text);
  const port = await freePort();
  const child: ChildProcess = spawn(bin, args(dir, port), { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`${name} exited before it was ready:\n${output}`);
    }
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${name} was not ready within ${START_TIMEOUT_MS} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, output: () => output, stop };
}

/** Alertmanager with `config` (YAML) as alertmanager.yml; no clustering. */
export function startAlertmanager(config: string): Promise<TestMonitor> {
  return startMonitor('alertmanager', ALERTMANAGER_BIN, { 'alertmanager.yml': config }, (dir, port) => [
    `--config.file=${join(dir, 'alertmanager.yml')}`,
    `--storage.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=',
  ]);
}

/** Prometheus with `config` as prometheus.yml and `rules` (YAML) as rules.yml next to it. */
export function startPrometheus(config: string, rules = 'groups: []\n'): Promise<TestMonitor> {
  return startMonitor(
    'prometheus',
    PROMETHEUS_BIN,
    { 'prometheus.yml': config, 'rules.yml': rules },
    (dir, port) => [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
  );
}
