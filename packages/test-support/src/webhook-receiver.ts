import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';

/** One request a receiver got, and what it answered. */
export interface ReceivedWebhook {
  event: string;
  delivery: string;
  signature: string;
  body: string;
  answered: number;
  at: number;
}

/**
 * A real HTTP webhook receiver on a free port of 127.0.0.1: records every request and answers 200,
 * or 500 while `failing` is above zero (one less per request).
 */
export interface WebhookReceiver {
  url: string;
  port: number;
  received: ReceivedWebhook[];
  /** The next `count` requests are answered 500. */
  failNext(count: number): void;
  /** Resolves once `check` holds for what was received (polls; rejects after `timeoutMs`). */
  waitFor(check: (received: ReceivedWebhook[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Checks `t=<s>,v1=<hex>` against HMAC-SHA256(secret, "<t>.<body>"), as a receiver should. */
export function verifySignature(secret: string, header: string, body: string): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  if (parts.t === undefined || parts.v1 === undefined) return false;
  const expected = createHmac('sha256', secret).update(`${parts.t}.${body}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let failing = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answered = failing > 0 ? 500 : 200;
      if (failing > 0) failing--;
      received.push({
        event: String(req.headers['x-switchyard-event'] ?? ''),
        delivery: String(req.headers['x-switchyard-delivery'] ?? ''),
        signature: String(req.headers['x-switchyard-signature'] ?? ''),
        body: Buffer.concat(chunks).toString('utf8'),
        answered,
        at: Date.now(),
      });
      res
        .writeHead(answered, { 'content-type': 'text/plain' })
        .end(answered === 200 ? 'ok' : 'receiver down');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    received,
    failNext(count) {
      failing = count;
    },
    async waitFor(check, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!check(received)) {
        if (Date.now() > deadline)
          throw new Error(
            `the receiver did not see what was expected; it got ${JSON.stringify(received, null, 1)}`,
          );
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
