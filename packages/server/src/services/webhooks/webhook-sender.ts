import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { checkedLookup, hostOf, isPrivateAddress } from './webhook-target.js';

/** What is kept of a response body: enough to read an error message, never a whole page. */
export const RESPONSE_BODY_KEPT = 512;
/** What is read of a response body at most; the rest is not waited for. */
const RESPONSE_BODY_READ = 4096;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, as a receiver recomputes it. */
export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

export interface WebhookRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  denyPrivate: boolean;
}

/** One attempt's outcome: a status (2xx is success), or the error that prevented one. */
export interface WebhookResponse {
  status: number | null;
  error: string | null;
  body: string | null;
}

/**
 * POSTs one delivery. Never throws and never follows redirects; gives up after `timeoutMs` in all
 * (connecting, sending and reading the start of the answer).
 */
export function sendWebhook(req: WebhookRequest): Promise<WebhookResponse> {
  const url = new URL(req.url);
  if (req.denyPrivate && isIP(hostOf(url)) !== 0 && isPrivateAddress(hostOf(url))) {
    return Promise.resolve({
      status: null,
      error: `${hostOf(url)} is a private address (WEBHOOK_DENY_PRIVATE is on)`,
      body: null,
    });
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: WebhookResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outgoing.destroy();
      resolve(result);
    };
    const outgoing = send(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(req.body)),
          'user-agent': 'Switchyard-Webhooks',
          ...req.headers,
        },
        ...(req.denyPrivate ? { lookup: checkedLookup } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let read = 0;
        const done = () =>
          finish({
            status: res.statusCode ?? null,
            error: null,
            body: Buffer.concat(chunks).toString('utf8').slice(0, RESPONSE_BODY_KEPT),
          });
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          read += chunk.length;
          if (read >= RESPONSE_BODY_READ) done();
        });
        res.on('end', done);
        res.on('error', done);
      },
    );
    const timer = setTimeout(
      () => finish({ status: null, error: `no answer within ${req.timeoutMs} ms`, body: null }),
      req.timeoutMs,
    );
    outgoing.on('error', (err: NodeJS.ErrnoException) =>
      finish({ status: null, error: err.message || err.code || 'request failed', body: null }),
    );
    outgoing.end(req.body);
  });
}
