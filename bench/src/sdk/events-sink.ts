import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type EventsBatch, eventsBatchSchema } from '@switchyard/shared';

/**
 * A stand-in for the flag server's metrics endpoint, so that the benchmark can check what the SDK
 * counted. It takes `POST /sdk/v1/events` (checked with the shared schema) and answers every other
 * request, the SDK's ruleset poll included, with 503: the client keeps serving its bootstrap ruleset,
 * as it does while the flag server cannot be reached.
 */
export interface EventsSink {
  readonly url: string;
  /** The next batch the SDK sends (batches already received first, in order). */
  nextBatch(timeoutMs: number): Promise<EventsBatch>;
  close(): Promise<void>;
}

export async function startEventsSink(): Promise<EventsSink> {
  const received: EventsBatch[] = [];
  const waiting: ((batch: EventsBatch) => void)[] = [];
  const server: Server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/sdk/v1/events') {
      req.resume();
      res.writeHead(503).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const batch = eventsBatchSchema.parse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(202).end();
      const waiter = waiting.shift();
      if (waiter) waiter(batch);
      else received.push(batch);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    nextBatch(timeoutMs) {
      const batch = received.shift();
      if (batch) return Promise.resolve(batch);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the SDK sent no metrics batch')), timeoutMs);
        waiting.push((b) => {
          clearTimeout(timer);
          resolve(b);
        });
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
