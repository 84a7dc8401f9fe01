import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningServer, type StartOptions, startServer } from '@switchyard/server';

/** The flag builder, also here because most server tests want both. */
export { booleanFlag } from './flags.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface TestServer {
  readonly url: string;
  readonly server: RunningServer;
  readonly dataDir: string;
  /** Calls the server over real HTTP; `token` defaults to the admin token (null: no Authorization). */
  api<T = any>(
    method: string,
    path: string,
    body?: unknown,
    options?: { token?: string | null; headers?: Record<string, string> },
  ): Promise<ApiResponse<T>>;
  /** Creates an API key and returns its secret. */
  createKey(kind: 'admin' | 'server' | 'client', environment?: string): Promise<string>;
  close(): Promise<void>;
}

/** A real server on a free port over a fresh file store (or the given options), admin token known. */
export async function startTestServer(options: StartOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'switchyard-server-'));
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    adminToken: ADMIN_TOKEN,
    logLevel: 'silent',
    ...options,
    dataDir,
  });
  const api: TestServer['api'] = async (method, path, body, { token = ADMIN_TOKEN, headers = {} } = {}) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {}
    return { status: res.status, headers: res.headers, body: parsed as never };
  };
  return {
    url: server.url,
    server,
    dataDir,
    api,
    async createKey(kind, environment) {
      const res = await api('POST', '/api/v1/keys', {
        kind,
        name: `test ${kind}`,
        ...(environment ? { environment } : {}),
      });
      if (res.status !== 201)
        throw new Error(`could not create key: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.secret as string;
    },
    async close() {
      await server.close();
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
