import { bucketOf } from '@switchyard/shared';
import { EventSource } from 'eventsource';
import { booleanFlag, startTestServer, type TestServer } from '../../../server/test/support/server.js';
import type { BrowserClientOptions } from '../../src/client/browser-client.js';

export { booleanFlag };

export const ENV = 'production';

/** A real Switchyard server, a client key of `production`, and the admin calls a product manager makes. */
export interface SwitchyardServer {
  readonly url: string;
  readonly clientKey: string;
  readonly test: TestServer;
  /** Creates or replaces a flag document (no version) in `production`. */
  putFlag(flag: { key: string } & Record<string, unknown>): Promise<void>;
  /** `POST .../flags/:key/rollout`: a boolean flag's percentage. */
  ramp(key: string, percentage: number): Promise<void>;
  /** `POST .../flags/:key/enable`, `.../disable`: the kill switch. */
  enable(key: string): Promise<void>;
  disable(key: string): Promise<void>;
  close(): Promise<void>;
}

/** Starts a real server (file store in a temp directory) that lets `corsOrigins` call the client SDK API. */
export async function startSwitchyard(corsOrigins: string[]): Promise<SwitchyardServer> {
  const test = await startTestServer({ corsOrigins });
  const flagPath = (key: string) => `/api/v1/environments/${ENV}/flags/${encodeURIComponent(key)}`;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await test.api(method, path, body);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  try {
    const clientKey = await test.createKey('client', ENV);
    return {
      url: test.url,
      clientKey,
      test,
      putFlag: ({ key, ...flag }) => call('PUT', flagPath(key), { key, ...flag }),
      ramp: (key, percentage) => call('POST', `${flagPath(key)}/rollout`, { percentage }),
      enable: (key) => call('POST', `${flagPath(key)}/enable`),
      disable: (key) => call('POST', `${flagPath(key)}/disable`),
      close: () => test.close(),
    };
  } catch (error) {
    await test.close();
    throw error;
  }
}

/** Client options that reach `server` (Node has no EventSource of its own) and flush only when told. */
export function clientOptions(
  server: SwitchyardServer,
  overrides: Partial<BrowserClientOptions> = {},
): Omit<BrowserClientOptions, 'autoStart'> {
  return {
    url: server.url,
    clientKey: server.clientKey,
    EventSource,
    reconnect: { initialDelayMs: 10, maxDelayMs: 50 },
    flushIntervalMs: 60_000,
    ...overrides,
  };
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
