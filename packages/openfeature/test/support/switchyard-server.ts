import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bucketOf } from '@switchyard/shared';
import { booleanFlag, startTestServer, type TestServer } from '../../../server/test/support/server.js';

export { booleanFlag };

export const ENV = 'production';

/** One variant's totals from `GET /api/v1/environments/:env/flags/:key/metrics`. */
export interface VariantTotals {
  variant: string | null;
  evaluations: number;
  exposures: number;
  errors: number;
  errorRate: number | null;
  p95LatencyMs: number | null;
}

/** A real Switchyard server with a server and a client key of `production`, and the admin calls on it. */
export interface SwitchyardServer {
  readonly url: string;
  readonly serverKey: string;
  readonly clientKey: string;
  /** Creates another API key of `production` and returns its secret. */
  createKey(kind: 'server' | 'client'): Promise<string>;
  /** Creates or replaces a flag document (no version). */
  putFlag(flag: { key: string } & Record<string, unknown>): Promise<void>;
  putSegment(segment: { key: string } & Record<string, unknown>): Promise<void>;
  /** `POST .../flags/:key/rollout`: a boolean flag's percentage. */
  ramp(key: string, percentage: number): Promise<void>;
  /** `POST .../flags/:key/disable`: the kill switch. */
  disable(key: string): Promise<void>;
  /** The flag's metrics totals per variant, as the admin API reports them. */
  metrics(key: string): Promise<VariantTotals[]>;
  /** Stops the server: streams are cut and the port stops listening. */
  stop(): Promise<void>;
  /** Starts it again on the same port over the same data (and keys). */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a real server on a free port over a fresh data directory; `corsOrigins` may call the client API. */
export async function startSwitchyard(corsOrigins: string[] = []): Promise<SwitchyardServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-openfeature-'));
  let test: TestServer | null = await startTestServer({ dataDir, corsOrigins });
  const url = test.url;
  const port = Number(new URL(url).port);
  const call = async (method: string, path: string, body?: unknown) => {
    if (test === null) throw new Error('the server is stopped');
    const res = await test.api(method, path, body);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const flagPath = (key: string) => `/api/v1/environments/${ENV}/flags/${encodeURIComponent(key)}`;
  const createKey = async (kind: 'server' | 'client') =>
    (await call('POST', '/api/v1/keys', { kind, environment: ENV, name: `openfeature ${kind}` }))
      .secret as string;
  const stop = async () => {
    await test?.close();
    test = null;
  };
  try {
    const serverKey = await createKey('server');
    const clientKey = await createKey('client');
    return {
      url,
      serverKey,
      clientKey,
      createKey,
      putFlag: async (flag) => void (await call('PUT', flagPath(flag.key), flag)),
      putSegment: async (segment) =>
        void (await call('PUT', `/api/v1/environments/${ENV}/segments/${segment.key}`, segment)),
      ramp: async (key, percentage) => void (await call('POST', `${flagPath(key)}/rollout`, { percentage })),
      disable: async (key) => void (await call('POST', `${flagPath(key)}/disable`)),
      metrics: async (key) => (await call('GET', `${flagPath(key)}/metrics`)).totals,
      stop,
      async start() {
        test ??= await startTestServer({ dataDir, port, corsOrigins });
      },
      async close() {
        await stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** The first user ids `user-0`, `user-1`, ... whose bucket for `salt` is below / not below `percentage`. */
export function usersAround(salt: string, percentage: number): { inside: string; outside: string } {
  const threshold = percentage * 1000;
  let inside: string | undefined;
  let outside: string | undefined;
  for (let i = 0; inside === undefined || outside === undefined; i++) {
    const id = `user-${i}`;
    if (bucketOf(salt, id) < threshold) inside ??= id;
    else outside ??= id;
  }
  return { inside, outside };
}
