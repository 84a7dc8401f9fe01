// A reader process of the propagation benchmark: holds its share of the stream clients (client i of
// the run lives in reader i % readers) and records when each receives the patch of the write in flight.
// It tells the load process when all of its clients have it, and sends the receipt times when asked.
import { openStream, type StreamEvent } from '../sse-stream.js';
import type { FromReader, PropagationLoadConfig, ToReader } from './protocol.js';

const OPEN_CONCURRENCY = 50;

const config = JSON.parse(process.env.BENCH_CONFIG ?? '') as PropagationLoadConfig;
const reader = Number(process.env.BENCH_READER);
const say = (message: FromReader) => process.send?.(message);
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

interface Client {
  readonly url: string;
  putRevision: number | undefined;
  /** The patch event with the id of the write in flight, once it arrived. */
  current: StreamEvent | undefined;
  failed: Error | undefined;
}

const clients: Client[] = [];
for (let i = reader; i < config.clients; i += config.readers)
  clients.push({
    url: config.urls[i % config.urls.length] as string,
    putRevision: undefined,
    current: undefined,
    failed: undefined,
  });

let expectedId = '';
let received = 0;

function connect(client: Client): Promise<void> {
  return new Promise((resolve) => {
    openStream(`${client.url}/sdk/v1/stream`, config.serverKey, {
      onEvent(event) {
        if (event.event === 'patch') {
          if (event.id === expectedId && client.current === undefined) {
            client.current = event;
            if (++received === clients.length) say({ type: 'all-received', id: expectedId });
          }
        } else if (event.event === 'put' && client.putRevision === undefined) {
          client.putRevision = Number(event.id);
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

function receipts(id: string, version: number): FromReader {
  let mismatched = 0;
  const atMs = clients.map((client) => {
    const event = client.current;
    if (event === undefined || event.id !== id) return null;
    const patch = JSON.parse(event.data) as { kind: string; data: { key: string; version: number } };
    if (patch.kind !== 'flag' || patch.data.key !== config.flagKey || patch.data.version !== version) {
      mismatched++;
      return null;
    }
    return Number(event.at) / 1e6;
  });
  return { type: 'receipts', id, atMs, mismatched };
}

process.on('message', (message: ToReader) => {
  if (message.type === 'clock') say({ type: 'clock', nowMs: nowMs() });
  else if (message.type === 'expect') {
    for (const client of clients) client.current = undefined;
    expectedId = message.id;
    received = 0;
  } else if (message.type === 'collect') say(receipts(message.id, message.version));
  else process.exit(0);
});

let next = 0;
await Promise.all(
  Array.from({ length: OPEN_CONCURRENCY }, async () => {
    while (next < clients.length) await connect(clients[next++] as Client);
  }),
);
const failed = clients.find((c) => c.failed !== undefined)?.failed;
say({
  type: 'ready',
  putRevisions: [...new Set(clients.map((c) => c.putRevision ?? -1))],
  failed: failed === undefined ? null : failed.message,
});
