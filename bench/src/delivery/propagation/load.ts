// The load process of the propagation benchmark: spreads the stream clients over reader processes
// (reader.ts), makes the admin writes one at a time, and times each write from sending it to each
// client's receipt of the matching patch. The stream clients are in other processes than the writer
// so that reading thousands of streams does not slow the one that measures; readers and writer share
// the clock of process.hrtime.bigint(), which is CLOCK_MONOTONIC on Linux: one clock for every process
// of the machine (checked at start against each reader, within the IPC round trip).
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { procCpuSeconds, spawnBenchWorker } from '../processes.js';
import type {
  FromReader,
  PropagationLoadConfig,
  PropagationLoadResult,
  ToReader,
  WriteResult,
} from './protocol.js';

const config = JSON.parse(process.env.BENCH_CONFIG ?? '') as PropagationLoadConfig;
const log = (line: string) => console.log(`[load] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

interface Reader {
  readonly child: ChildProcess;
  /** Indexes (in the run) of this reader's clients, in the reader's order. */
  readonly clients: number[];
  /** The next message of the given type from this reader. */
  next<T extends FromReader['type']>(type: T): Promise<Extract<FromReader, { type: T }>>;
  tell(message: ToReader): void;
}

function startReader(index: number): Reader {
  const child = spawnBenchWorker('src/delivery/propagation/reader.ts', {
    env: { ...process.env, BENCH_CONFIG: JSON.stringify(config), BENCH_READER: String(index) },
    fileLimit: Math.ceil(config.clients / config.readers) + 1_024,
  });
  const waiting = new Map<string, (message: FromReader) => void>();
  child.on('message', (message: FromReader) => {
    const resolve = waiting.get(message.type);
    waiting.delete(message.type);
    resolve?.(message);
  });
  child.on('exit', (code) => {
    if (code !== 0 && code !== null) {
      console.error(`[load] reader ${index} exited with ${code}`);
      process.exit(1);
    }
  });
  const clients: number[] = [];
  for (let i = index; i < config.clients; i += config.readers) clients.push(i);
  return {
    child,
    clients,
    next: (type) =>
      new Promise((resolve) => {
        waiting.set(type, resolve as (message: FromReader) => void);
      }),
    tell: (message) => child.send(message),
  };
}

/** The largest difference between a reader's clock and this one's, beyond the IPC round trip. */
async function clockSkew(readers: readonly Reader[]): Promise<number> {
  let worst = 0;
  for (const reader of readers)
    for (let i = 0; i < 5; i++) {
      const answer = reader.next('clock');
      const before = nowMs();
      reader.tell({ type: 'clock' });
      const { nowMs: theirs } = await answer;
      const after = nowMs();
      worst = Math.max(worst, before - theirs, theirs - after);
    }
  return worst;
}

async function write(
  instance: number,
  percentage: number,
): Promise<{ version: number; sentAtMs: number; responseMs: number }> {
  const url = `${config.urls[instance]}/api/v1/environments/${config.environment}/flags/${config.flagKey}/rollout`;
  const sentAtMs = nowMs();
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${config.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ percentage }),
  });
  const responseMs = nowMs() - sentAtMs;
  const text = await res.text();
  if (!res.ok) throw new Error(`rollout write: HTTP ${res.status} ${text}`);
  return { version: (JSON.parse(text) as { version: number }).version, sentAtMs, responseMs };
}

/** Makes write number `k` and waits until every client has its patch, or the timeout passed. */
async function measuredWrite(readers: readonly Reader[], k: number, revision: number): Promise<WriteResult> {
  const instance = k % config.urls.length;
  // Consecutive writes always differ, so each makes a new version; 1% .. 100%, then round again.
  const percentage = (k % 100) + 1;
  const id = String(revision);
  const everyone = readers.map((r) => r.next('all-received'));
  for (const reader of readers) reader.tell({ type: 'expect', id });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(resolve, config.timeoutMs);
  });
  const { version, sentAtMs, responseMs } = await write(instance, percentage);
  await Promise.race([Promise.all(everyone), timeout]);
  clearTimeout(timer);

  const latencies: (number | null)[] = new Array(config.clients).fill(null);
  let mismatched = 0;
  for (const reader of readers) {
    const answer = reader.next('receipts');
    reader.tell({ type: 'collect', id, version });
    const receipts = await answer;
    mismatched += receipts.mismatched;
    receipts.atMs.forEach((at, n) => {
      latencies[reader.clients[n] as number] = at === null ? null : at - sentAtMs;
    });
  }
  return { instance, percentage, version, responseMs, latencies, mismatched };
}

async function main(): Promise<void> {
  log('start');
  const started = performance.now();
  const readers = Array.from({ length: config.readers }, (_, i) => startReader(i));
  const ready = await Promise.all(readers.map((r) => r.next('ready')));
  const connectMs = performance.now() - started;
  const failed = ready.find((r) => r.failed !== null);
  if (failed !== undefined) throw new Error(`streams failed to open: ${failed.failed}`);
  const revisions = new Set(ready.flatMap((r) => r.putRevisions));
  if (revisions.size !== 1)
    throw new Error(`clients started at different revisions: ${[...revisions].join(', ')}`);
  const startRevision = [...revisions][0] as number;
  const clockSkewMs = await clockSkew(readers);
  log(
    `${config.clients} streams open in ${config.readers} reader processes over ${config.urls.length} instances ` +
      `in ${connectMs.toFixed(0)} ms, at revision ${startRevision}; reader clocks within ${(clockSkewMs * 1000).toFixed(0)} µs`,
  );

  const writes: WriteResult[] = [];
  const total = config.warmUpWrites + config.writes;
  let cpuBefore: number[] = [];
  let readersBefore = 0;
  const readerCpu = () => readers.reduce((sum, r) => sum + procCpuSeconds(r.child.pid ?? -1), 0);
  for (let k = 0; k < total; k++) {
    if (k === config.warmUpWrites) {
      cpuBefore = config.serverPids.map(procCpuSeconds);
      readersBefore = readerCpu();
    }
    const result = await measuredWrite(readers, k, startRevision + k + 1);
    const missing = result.latencies.filter((l) => l === null).length;
    if (missing > 0) log(`write ${k + 1}: ${missing} clients without the patch after ${config.timeoutMs} ms`);
    if (k >= config.warmUpWrites) writes.push(result);
    await sleep(config.gapMs);
  }
  const serverCpuSeconds = config.serverPids.map((pid, i) => procCpuSeconds(pid) - (cpuBefore[i] ?? 0));
  const readerCpuSeconds = readerCpu() - readersBefore;

  const result: PropagationLoadResult = {
    clientInstance: Array.from({ length: config.clients }, (_, i) => i % config.urls.length),
    startRevision,
    connectMs,
    clockSkewMs,
    serverCpuSeconds,
    readerCpuSeconds,
    writes,
  };
  writeFileSync(config.resultFile, JSON.stringify(result));
  // Waited for, so that their CPU time counts as the benchmark's own and not as other work on the machine.
  const exited = readers.map((r) => new Promise((resolve) => r.child.once('exit', resolve)));
  for (const reader of readers) reader.tell({ type: 'quit' });
  await Promise.all(exited);
  log('done');
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(`[load] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
