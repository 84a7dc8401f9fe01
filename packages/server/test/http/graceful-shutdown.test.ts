import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedis, type TestRedis } from '@switchyard/test-support/redis';
import { booleanFlag } from '@switchyard/test-support/server';
import { apiCaller, type ServerProcess, spawnServer } from '@switchyard/test-support/server-process';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openSseClient } from '../support/sse-client.js';

const TOKEN = 'drain-test-admin-token-0123';
const api = apiCaller(TOKEN);
const dirs: string[] = [];
const servers: ServerProcess[] = [];

const exitOf = (server: ServerProcess) =>
  new Promise<{ code: number | null; at: number }>((resolve) => {
    if (server.child.exitCode !== null) resolve({ code: server.child.exitCode, at: Date.now() });
    else server.child.once('exit', (code) => resolve({ code, at: Date.now() }));
  });

async function start(env: Record<string, string>): Promise<ServerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-drain-'));
  dirs.push(dir);
  const server = await spawnServer(
    { DATA_DIR: dir, SWITCHYARD_ADMIN_TOKEN: TOKEN, LOG_LEVEL: 'info', ...env },
    [],
    45_000,
  );
  servers.push(server);
  return server;
}

/** A PUT that creates a flag, its body sent in two halves: `status` settles once `finish()` sent the rest. */
function slowCreate(base: string, key: string) {
  const body = JSON.stringify(booleanFlag(key, 10));
  const half = Math.floor(body.length / 2);
  const { hostname, port } = new URL(base);
  const req = httpRequest({
    hostname,
    port,
    method: 'PUT',
    path: `/api/v1/environments/production/flags/${key}`,
    headers: {
      authorization: `Bearer ${TOKEN}`,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    },
  });
  const status = new Promise<number>((resolve, reject) => {
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
  });
  req.flushHeaders();
  req.write(body.slice(0, half));
  return { status, finish: () => req.end(body.slice(half)), abandon: () => req.destroy() };
}

afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop('SIGKILL');
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

// Each test spawns a real server process; on a busy machine starting one alone can take 15 s.
const PROCESS_TEST_MS = 60_000;

describe('SIGTERM', () => {
  it('answers not ready at once, serves through the drain, ends streams, finishes requests in flight, exits 0', {
    timeout: PROCESS_TEST_MS,
  }, async () => {
    const server = await start({ DRAIN_SECONDS: '2', SHUTDOWN_TIMEOUT_SECONDS: '5' });
    const key = (
      await api(server.url, 'POST', '/api/v1/keys', {
        kind: 'server',
        name: 'sdk',
        environment: 'production',
      })
    ).body.secret as string;
    const stream = await openSseClient(`${server.url}/sdk/v1/stream`, { authorization: `Bearer ${key}` });
    const put = await stream.next((e) => e.event === 'put');
    expect(put.id).toBeDefined();
    let streamEndedAt = 0;
    void stream.ended.then(() => {
      streamEndedAt = Date.now();
    });
    const slow = slowCreate(server.url, 'made-while-draining');
    const exited = exitOf(server);

    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    for (;;) {
      const ready = await fetch(`${server.url}/health/ready`);
      if (ready.status === 503) {
        expect(await ready.json()).toEqual({ status: 'not ready', reason: 'shutting down' });
        break;
      }
      expect(Date.now() - signalledAt).toBeLessThan(1_000);
    }
    // Still serving everything else during the drain, on new connections too.
    expect((await fetch(`${server.url}/health/live`)).status).toBe(200);
    const ruleset = await fetch(`${server.url}/sdk/v1/ruleset`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(ruleset.status).toBe(200);
    expect((await api(server.url, 'GET', '/api/v1/environments/production/flags')).status).toBe(200);

    // The stream ends once the drain is over, so the SDK reconnects to another instance.
    await stream.ended;
    expect(streamEndedAt - signalledAt).toBeGreaterThanOrEqual(1_900);
    // The request that was in flight when the streams ended still completes.
    slow.finish();
    expect(await slow.status).toBe(201);

    const { code, at } = await exited;
    expect(code).toBe(0);
    expect(at - signalledAt).toBeLessThan(2_000 + 5_000);
    expect(server.output()).toContain('ended streams');
  });

  it('exits at once on a second signal', { timeout: PROCESS_TEST_MS }, async () => {
    const server = await start({ DRAIN_SECONDS: '60' });
    const exited = exitOf(server);
    server.child.kill('SIGTERM');
    // A pooled connection to a port an earlier test's server had may be reset, or a request may hang
    // on a busy machine: neither is an answer, ask again.
    const readiness = () =>
      fetch(`${server.url}/health/ready`, { signal: AbortSignal.timeout(1_000) }).then(
        (r) => r.status,
        () => 0,
      );
    while ((await readiness()) !== 503) await new Promise((r) => setTimeout(r, 20));
    const second = Date.now();
    server.child.kill('SIGTERM');
    const { code, at } = await exited;
    expect(code).toBe(1);
    expect(at - second).toBeLessThan(2_000);
  });

  it('exits by SHUTDOWN_TIMEOUT_SECONDS when a request never finishes', {
    timeout: PROCESS_TEST_MS,
  }, async () => {
    const server = await start({ DRAIN_SECONDS: '0', SHUTDOWN_TIMEOUT_SECONDS: '2' });
    const stuck = slowCreate(server.url, 'never-finished');
    stuck.status.catch(() => {}); // cut when the server closes
    await new Promise((r) => setTimeout(r, 200));
    const exited = exitOf(server);
    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    const { at } = await exited;
    expect(at - signalledAt).toBeLessThan(2_000 + 500);
    expect(server.output()).toContain('still in flight');
  });

  it('waits neither for idle keep-alive connections nor for a request its client abandoned', {
    timeout: PROCESS_TEST_MS,
  }, async () => {
    const server = await start({ DRAIN_SECONDS: '0', SHUTDOWN_TIMEOUT_SECONDS: '10' });
    // An answered request leaves its connection open and idle (the server keeps it for 72 s).
    const agent = new Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      httpRequest(`${server.url}/health/live`, { agent }, (res) => {
        res.resume();
        res.on('end', resolve);
      })
        .on('error', reject)
        .end();
    });
    const abandoned = slowCreate(server.url, 'abandoned');
    abandoned.status.catch(() => {});
    await new Promise((r) => setTimeout(r, 200));
    abandoned.abandon();
    const exited = exitOf(server);
    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    const { code, at } = await exited;
    agent.destroy();
    expect(code).toBe(0);
    expect(at - signalledAt).toBeLessThan(5_000);
    expect(server.output()).not.toContain('still in flight');
  });

  describe('on Redis', () => {
    let redis: TestRedis;
    afterAll(async () => {
      await redis?.stop();
    });

    it('hands over the plan-runner lease instead of letting it expire', {
      timeout: PROCESS_TEST_MS,
    }, async () => {
      redis = await startRedis();
      const prefix = 'drain-test:';
      const admin = new Redis(redis.url);
      try {
        const lease = `${prefix}{global}:lease:plan-runner`;
        const server = await start({ REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix, DRAIN_SECONDS: '0' });
        // The runner takes the lease at its first tick (every second).
        let holder: string | null = null;
        for (let i = 0; i < 50 && holder === null; i++) {
          holder = await admin.get(lease);
          if (holder === null) await new Promise((r) => setTimeout(r, 100));
        }
        expect(holder).not.toBeNull();
        expect(await admin.pttl(lease)).toBeGreaterThan(1_000);
        const exited = exitOf(server);
        server.child.kill('SIGTERM');
        expect((await exited).code).toBe(0);
        expect(await admin.get(lease)).toBeNull();
      } finally {
        admin.disconnect();
      }
    });
  });
});
