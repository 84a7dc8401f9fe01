import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { SwitchyardError } from '../errors.js';

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RequestInit {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Abort when no complete response arrived within this time. */
  timeoutMs: number;
}

/**
 * HTTP to the flag server on Node's own http/https modules rather than fetch: their sockets can be
 * unref'd, so an open stream or a request in flight never keeps the host process alive.
 */
export interface HttpTransport {
  /** A complete request; rejects with a `SwitchyardError` (NETWORK or TIMEOUT), never for a status. */
  request(path: string, init: RequestInit): Promise<HttpResponse>;
  /**
   * Opens a long-lived response (the SSE stream). Resolves with the response once its headers
   * arrived within `timeoutMs`; the caller reads it and calls `abort` when done.
   */
  open(path: string, headers: Record<string, string>, timeoutMs: number): Promise<OpenResponse>;
  /** Ends every open socket. */
  close(): void;
}

export interface OpenResponse {
  response: IncomingMessage;
  abort(): void;
}

export function createHttpTransport(baseUrl: string, sdkKey: string, userAgent: string): HttpTransport {
  const base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  const secure = base.protocol === 'https:';
  const agent = secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  const open = new Set<http.ClientRequest>();
  const defaults = { authorization: `Bearer ${sdkKey}`, 'user-agent': userAgent };

  function send(path: string, method: string, headers: Record<string, string>): http.ClientRequest {
    const url = new URL(path.replace(/^\//, ''), base);
    const request = (secure ? https : http).request(url, {
      method,
      agent,
      headers: { ...defaults, ...headers },
    });
    open.add(request);
    request.on('close', () => open.delete(request));
    request.on('socket', (socket) => socket.unref());
    return request;
  }

  return {
    request(path, init) {
      return new Promise((resolve, reject) => {
        let settled = false;
        const fail = (err: unknown) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          request.destroy();
          reject(asTransportError(err, path));
        };
        const request = send(path, init.method ?? 'GET', init.headers ?? {});
        const timer = setTimeout(() => {
          fail(new SwitchyardError('TIMEOUT', `no response to ${path} within ${init.timeoutMs} ms`));
        }, init.timeoutMs);
        timer.unref();
        request.on('error', fail);
        request.on('response', (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', fail);
          // A connection cut mid-body closes without 'end'.
          response.on('close', () => fail(new Error('connection closed before the response ended')));
          response.on('end', () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            });
          });
        });
        request.end(init.body);
      });
    },

    open(path, headers, timeoutMs) {
      return new Promise((resolve, reject) => {
        const request = send(path, 'GET', headers);
        const timer = setTimeout(() => {
          request.destroy(new SwitchyardError('TIMEOUT', `no response to ${path} within ${timeoutMs} ms`));
        }, timeoutMs);
        timer.unref();
        request.on('error', (err) => {
          clearTimeout(timer);
          reject(asTransportError(err, path));
        });
        request.on('response', (response) => {
          clearTimeout(timer);
          // Aborting mid-body makes the response emit 'error'; unheard, that would crash the host.
          response.on('error', () => {});
          resolve({ response, abort: () => request.destroy() });
        });
        request.end();
      });
    },

    close() {
      for (const request of open) request.destroy();
      agent.destroy();
    },
  };
}

function asTransportError(err: unknown, path: string): SwitchyardError {
  if (err instanceof SwitchyardError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new SwitchyardError('NETWORK', `request to ${path} failed: ${message}`, { cause: err });
}
