import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiCaller, type ServerProcess, spawnServer } from '@switchyard/test-support/server-process';

const TOKEN = 'abuse-suite-admin-token-0123456789';

export interface AttackTarget {
  readonly url: string;
  readonly dataDir: string;
  readonly process: ServerProcess;
  /** A client key (public, as in every browser) and a server key of `production`. */
  readonly clientKey: string;
  readonly serverKey: string;
  /** Calls the server over HTTP with the admin token, or with `as`. */
  call(method: string, path: string, body?: unknown, as?: string): Promise<{ status: number; body: any }>;
  /** Sends `text` as it is (no JSON encoding) with `as` or the admin token. */
  send(method: string, path: string, text: string, as?: string): Promise<{ status: number; body: any }>;
  /** Stops the process and starts a new one over the same data directory. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A real `switchyard-server` process over a fresh file store with one client and one server key of
 * `production`: what the abuse suite attacks, over HTTP, as anyone holding a public key would.
 */
export async function startAttackTarget(env: Record<string, string> = {}): Promise<AttackTarget> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-abuse-'));
  const settings = { DATA_DIR: dataDir, SWITCHYARD_ADMIN_TOKEN: TOKEN, ...env };
  let proc = await spawnServer(settings);
  const call = apiCaller(TOKEN);
  const key = async (kind: 'client' | 'server') => {
    const made = await call(proc.url, 'POST', '/api/v1/keys', {
      kind,
      environment: 'production',
      name: kind,
    });
    if (made.status !== 201) throw new Error(`could not create a ${kind} key: ${JSON.stringify(made.body)}`);
    return made.body.secret as string;
  };
  const clientKey = await key('client');
  const serverKey = await key('server');
  return {
    get url() {
      return proc.url;
    },
    get process() {
      return proc;
    },
    dataDir,
    clientKey,
    serverKey,
    call: (method, path, body, as) => call(proc.url, method, path, body, as),
    async send(method, path, text, as = TOKEN) {
      const res = await fetch(`${proc.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${as}`, 'content-type': 'application/json' },
        body: text,
      });
      const reply = await res.text();
      let body: unknown = reply;
      try {
        body = JSON.parse(reply);
      } catch {}
      return { status: res.status, body };
    },
    async restart() {
      await proc.stop();
      proc = await spawnServer(settings);
    },
    async stop() {
      await proc.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The server stayed responsive: `/health/live` answers 200. */
export async function isLive(target: AttackTarget): Promise<boolean> {
  const res = await fetch(`${target.url}/health/live`);
  return res.status === 200;
}
