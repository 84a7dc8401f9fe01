/**
 * The real Switchyard server, started in this process on 127.0.0.1 over a fresh data directory (or
 * Redis), driven through its admin API over HTTP exactly as an operator would. The suites that need
 * a flag server get it from `startFlagServer`; this is the one place that knows how to run one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningServer, startServer } from '@switchyard/server';
import type { FlagInput } from '@switchyard/shared';

const ADMIN_TOKEN = 'sdk-node-tests-admin-token-0123456789';
export const ENVIRONMENT = 'production';

export interface FlagServerOptions {
  redisUrl?: string;
  heartbeatMs?: number;
}

export interface VariantTotals {
  variant: string | null;
  evaluations: number;
  exposures: number;
  errors: number;
}

export interface FlagServer {
  readonly url: string;
  /** A server key of the production environment. */
  readonly sdkKey: string;
  putFlag(flag: FlagInput): Promise<void>;
  deleteFlag(key: string): Promise<void>;
  rollout(key: string, percentage: number): Promise<void>;
  disable(key: string): Promise<void>;
  /** What SDKs reported for `key`, summed per variant, from the admin metrics endpoint. */
  metrics(key: string): Promise<VariantTotals[]>;
  /** Creates another key of `kind` for production and returns its secret. */
  createKey(kind: 'server' | 'client'): Promise<string>;
  /** Stops the server process part: streams are cut and the port stops listening. */
  stop(): Promise<void>;
  /** Starts it again on the same port over the same data. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startFlagServer(options: FlagServerOptions = {}): Promise<FlagServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-sdk-node-'));
  let port = 0;
  let running: RunningServer | null = null;
  const start = async () => {
    running = await startServer({
      port,
      host: '127.0.0.1',
      dataDir,
      adminToken: ADMIN_TOKEN,
      logLevel: 'silent',
      ...options,
    });
    port = Number(new URL(running.url).port);
  };
  await start();
  const url = `http://127.0.0.1:${port}`;

  async function admin(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${ADMIN_TOKEN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return text === '' ? undefined : JSON.parse(text);
  }

  const createKey = async (kind: 'server' | 'client') => {
    const created = await admin('POST', '/keys', {
      kind,
      environment: ENVIRONMENT,
      name: `sdk-node ${kind}`,
    });
    const secret = (created as { secret?: unknown }).secret;
    if (typeof secret !== 'string') throw new Error('the key response has no secret');
    return secret;
  };
  const sdkKey = await createKey('server');
  const flagPath = (key: string) => `/environments/${ENVIRONMENT}/flags/${encodeURIComponent(key)}`;

  return {
    url,
    sdkKey,
    createKey,
    putFlag: async (flag) => void (await admin('PUT', flagPath(flag.key), flag)),
    deleteFlag: async (key) => void (await admin('DELETE', flagPath(key))),
    rollout: async (key, percentage) =>
      void (await admin('POST', `${flagPath(key)}/rollout`, { percentage })),
    disable: async (key) => void (await admin('POST', `${flagPath(key)}/disable`)),
    async metrics(key) {
      const body = await admin('GET', `${flagPath(key)}/metrics?minutes=5`);
      return (body as { totals: VariantTotals[] }).totals;
    },
    async stop() {
      await running?.close();
      running = null;
    },
    start,
    async close() {
      await running?.close();
      running = null;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
