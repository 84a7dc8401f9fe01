/**
 * A real Switchyard server for the SDK and provider suites: started in this process on 127.0.0.1 over
 * a fresh data directory (or Redis), with a server and a client key of `production`, driven through
 * its admin API over HTTP exactly as an operator would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StartOptions } from '@switchyard/server';
import { flagMetricsResponseSchema, type VariantTotals } from '@switchyard/shared';
import { startTestServer, type TestServer } from './server.js';

export { booleanFlag, usersAround } from './flags.js';

export const ENV = 'production';

/** What the server runs with; its port and data directory are the harness's. */
export type SwitchyardOptions = Omit<StartOptions, 'port' | 'dataDir'>;

/** A real Switchyard server with a server and a client key of `production`, and the admin calls on it. */
export interface SwitchyardServer {
  readonly url: string;
  readonly serverKey: string;
  readonly clientKey: string;
  /** The running server underneath (a new one after `start()`). */
  readonly test: TestServer;
  /** Creates another API key of `production` and returns its secret. */
  createKey(kind: 'server' | 'client'): Promise<string>;
  /** Creates or replaces a flag document (no version). */
  putFlag(flag: { key: string } & Record<string, unknown>): Promise<void>;
  deleteFlag(key: string): Promise<void>;
  putSegment(segment: { key: string } & Record<string, unknown>): Promise<void>;
  /** `POST .../flags/:key/rollout`: a boolean flag's percentage. */
  ramp(key: string, percentage: number): Promise<void>;
  /** `POST .../flags/:key/enable`, `.../disable`: the kill switch. */
  enable(key: string): Promise<void>;
  disable(key: string): Promise<void>;
  /** The flag's metrics totals per variant, as the admin API reports them. */
  metrics(key: string): Promise<VariantTotals[]>;
  /** Stops the server: streams are cut and the port stops listening. */
  stop(): Promise<void>;
  /** Starts it again on the same port over the same data (and keys). */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a real server on a free port over a fresh data directory (`corsOrigins` may call the client API). */
export async function startSwitchyard(options: SwitchyardOptions = {}): Promise<SwitchyardServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-sdk-'));
  let running: TestServer | null = null;
  const stop = async () => {
    await running?.close();
    running = null;
  };
  const close = async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    running = await startTestServer({ ...options, dataDir });
    const url = running.url;
    const port = Number(new URL(url).port);
    const current = () => {
      if (running === null) throw new Error('the server is stopped');
      return running;
    };
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await current().api(method, path, body);
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const flagPath = (key: string) => `/api/v1/environments/${ENV}/flags/${encodeURIComponent(key)}`;
    const createKey = (kind: 'server' | 'client') => current().createKey(kind, ENV);
    const serverKey = await createKey('server');
    const clientKey = await createKey('client');
    return {
      url,
      serverKey,
      clientKey,
      get test() {
        return current();
      },
      createKey,
      putFlag: async (flag) => void (await call('PUT', flagPath(flag.key), flag)),
      deleteFlag: async (key) => void (await call('DELETE', flagPath(key))),
      putSegment: async (segment) =>
        void (await call('PUT', `/api/v1/environments/${ENV}/segments/${segment.key}`, segment)),
      ramp: async (key, percentage) => void (await call('POST', `${flagPath(key)}/rollout`, { percentage })),
      enable: async (key) => void (await call('POST', `${flagPath(key)}/enable`)),
      disable: async (key) => void (await call('POST', `${flagPath(key)}/disable`)),
      metrics: async (key) =>
        flagMetricsResponseSchema.parse(await call('GET', `${flagPath(key)}/metrics`)).totals,
      stop,
      async start() {
        running ??= await startTestServer({ ...options, dataDir, port });
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
