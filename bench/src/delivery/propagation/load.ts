// The load process of the propagation benchmark: holds every stream client, makes the admin writes
// one at a time, and times each write from sending it to each client's receipt of the matching patch.
// Writer and readers share this process, so both ends are timed on the same monotonic clock.
import { writeFileSync } from 'node:fs';
import { openStream, type StreamEvent } from '../sse-stream.js';
import type { PropagationLoadConfig, PropagationLoadResult, WriteResult } from './protocol.js';

const OPEN_CONCURRENCY = 100;

const config = JSON.parse(process.env.BENCH_CONFIG ?? '') as PropagationLoadConfig;
const log = (line: string) => console.log(`[load] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Client {
  readonly instance: number;
  putRevision: number | undefined;
  /** The patch event with the id of the write in flight, once it arrived. */
  current: StreamEvent | undefined;
  failed: Error | undefined;
}

const clients: Client[] = [];
/** The event id the write in flight will produce, and how many clients have it so far. */
let expectedId = '';
let receivedCount = 0;
let allReceived: (() => void) | undefined;
let putsReceived = 0;
let putsWaiter: (() => void) | undefined;

function connect(index: number): Promise<void> {
  const instance = index % config.urls.length;
  const client: Client = { instance, putRevision: undefined, current: undefined, failed: undefined };
  clients[index] = client;
  return new Promise((resolve) => {
    openStream(`${config.urls[instance]}/sdk/v1/stream`, config.serverKey, {
      onEvent(event) {
        if (event.event === 'patch') {
          if (event.id === expectedId && client.current === undefined) {
            client.current = event;
            if (++receivedCount === config.clients) allReceived?.();
          }
        } else if (event.event === 'put' && client.putRevision === undefined) {
          client.putRevision = Number(event.id);
          if (++putsReceived === config.clients) putsWaiter?.();
          resolve();
        }
      },
      onEnd(error) {
        client.failed = error ?? new Error('stream ended');
        resolve();
      },
    });
  });
}

async function openAll(): Promise<number> {
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < config.clients) await connect(next++);
  };
  await Promise.all(Array.from({ length: OPEN_CONCURRENCY }, worker));
  const failed = clients.filter((c) => c.failed !== undefined);
  if (failed.length > 0)
    throw new Error(`${failed.length} streams failed to open: ${failed[0]?.failed?.message}`);
  return performance.now() - started;
}

async function write(
  instance: number,
  percentage: number,
): Promise<{ version: number; sentAt: bigint; responseMs: number }> {
  const url = `${config.urls[instance]}/api/v1/environments/${config.environment}/flags/${config.flagKey}/rollout`;
  const sentAt = process.hrtime.bigint();
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${config.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ percentage }),
  });
  const responseMs = Number(process.hrtime.bigint() - sentAt) / 1e6;
  const text = await res.text();
  if (!res.ok) throw new Error(`rollout write: HTTP ${res.status} ${text}`);
  return { version: (JSON.parse(text) as { version: number }).version, sentAt, responseMs };
}

/** Makes write number `k` and waits until every client has its patch, or the timeout passed. */
async function measuredWrite(k: number, revision: number): Promise<WriteResult> {
  const instance = k % config.urls.length;
  // Consecutive writes always differ, so each makes a new version; 1% .. 100%, then round again.
  const percentage = (k % 100) + 1;
  for (const client of clients) client.current = undefined;
  expectedId = String(revision);
  receivedCount = 0;
  let timer: NodeJS.Timeout | undefined;
  const everyone = new Promise<void>((resolve) => {
    allReceived = resolve;
    timer = setTimeout(resolve, config.timeoutMs);
  });
  const { version, sentAt, responseMs } = await write(instance, percentage);
  await everyone;
  clearTimeout(timer);
  allReceived = undefined;

  let mismatched = 0;
  const latencies = clients.map((client) => {
    const event = client.current;
    if (event === undefined) return null;
    const patch = JSON.parse(event.data) as { kind: string; data: { key: string; version: number } };
    if (patch.kind !== 'flag' || patch.data.key !== config.flagKey || patch.data.version !== version) {
      mismatched++;
      return null;
    }
    return Number(event.at - sentAt) / 1e6;
  });
  return { instance, percentage, version, responseMs, latencies, mismatched };
}

async function main(): Promise<void> {
  log('start');
  const allPuts = new Promise<void>((resolve) => {
    putsWaiter = resolve;
  });
  const connectMs = await openAll();
  await allPuts;
  const revisions = new Set(clients.map((c) => c.putRevision));
  if (revisions.size !== 1)
    throw new Error(`clients started at different revisions: ${[...revisions].join(', ')}`);
  const startRevision = [...revisions][0] as number;
  log(
    `${config.clients} streams open over ${config.urls.length} instances in ${connectMs.toFixed(0)} ms, at revision ${startRevision}`,
  );

  const writes: WriteResult[] = [];
  const total = config.warmUpWrites + config.writes;
  for (let k = 0; k < total; k++) {
    const result = await measuredWrite(k, startRevision + k + 1);
    const missing = result.latencies.filter((l) => l === null).length;
    if (missing > 0) log(`write ${k + 1}: ${missing} clients without the patch after ${config.timeoutMs} ms`);
    if (k >= config.warmUpWrites) writes.push(result);
    await sleep(config.gapMs);
  }
  const dropped = clients.filter((c) => c.failed !== undefined).length;
  if (dropped > 0) log(`${dropped} streams ended during the run`);

  const result: PropagationLoadResult = {
    clientInstance: clients.map((c) => c.instance),
    startRevision,
    connectMs,
    writes,
  };
  writeFileSync(config.resultFile, JSON.stringify(result));
  log('done');
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(`[load] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
