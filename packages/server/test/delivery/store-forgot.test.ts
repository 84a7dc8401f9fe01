import { startRedis, type TestRedis } from '@switchyard/test-support/redis';
import { booleanFlag } from '@switchyard/test-support/server';
import {
  apiCaller,
  runServerCommand,
  type ServerProcess,
  spawnServer,
} from '@switchyard/test-support/server-process';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClient, type SwitchyardClient } from '../../../sdk-node/src/index.js';
import { openSseClient, type SseTestClient } from '../support/sse-client.js';

// A Redis without persistence under two instances and connected SDKs: it restarts empty, or is
// flushed. SDKs must keep what they had, the instances must say why they are not ready, and an
// operator's restore (or accept) must bring everything back. Real redis-server, real processes.

const TOKEN = 'store-forgot-admin-token-0123456789abcdef';
const FLAG = '/api/v1/environments/production/flags/checkout';
const USERS = Array.from({ length: 400 }, (_, i) => `user-${i}`);
const call = apiCaller(TOKEN);

let redis: TestRedis;
let a: ServerProcess;
let b: ServerProcess;
let sdkA: SwitchyardClient;
let sdkB: SwitchyardClient;
let browser: SseTestClient;
let clientKey: string;

/** Which of USERS the SDK puts in the rollout: the same set as long as the flag is what it was. */
const enabledUsers = (sdk: SwitchyardClient) => USERS.filter((u) => sdk.isEnabled('checkout', u)).join(',');

const ready = async (server: ServerProcess) => {
  const res = await fetch(`${server.url}/health/ready`);
  return { status: res.status, body: (await res.json()) as { reason?: string } };
};

const waitReady = (server: ServerProcess) =>
  vi.waitFor(async () => expect((await ready(server)).status).toBe(200), { timeout: 20_000, interval: 200 });

const waitForgot = (server: ServerProcess) =>
  vi.waitFor(
    async () => {
      const { status, body } = await ready(server);
      expect(status).toBe(503);
      expect(body.reason).toMatch(/came back empty/);
    },
    { timeout: 20_000, interval: 200 },
  );

/** `switchyard-server restore …` as an operator runs it, against the same Redis. */
const runRestore = (args: string[]) =>
  runServerCommand({ REDIS_URL: redis.url, SWITCHYARD_ADMIN_TOKEN: TOKEN }, ['restore', ...args]);

/** Every flag set the browser-style stream delivered after its first `put`. */
const browserFlagSets = () =>
  browser.events.filter((e) => e.event === 'put' || e.event === 'patch').map((e) => e.data.flags);

beforeAll(async () => {
  redis = await startRedis({ persistence: false });
  const env = { REDIS_URL: redis.url, SWITCHYARD_ADMIN_TOKEN: TOKEN, HEARTBEAT_SECONDS: '1' };
  [a, b] = await Promise.all([spawnServer(env, [], 60_000), spawnServer(env, [], 60_000)]);
  const server = await call(a.url, 'POST', '/api/v1/keys', {
    kind: 'server',
    environment: 'production',
    name: 's',
  });
  const client = await call(a.url, 'POST', '/api/v1/keys', {
    kind: 'client',
    environment: 'production',
    name: 'c',
  });
  clientKey = client.body.secret;
  expect((await call(a.url, 'PUT', FLAG, booleanFlag('checkout', 30))).status).toBe(201);
  sdkA = createClient({ url: a.url, sdkKey: server.body.secret });
  sdkB = createClient({ url: b.url, sdkKey: server.body.secret });
  await Promise.all([sdkA.ready(), sdkB.ready()]);
  const context = Buffer.from(JSON.stringify({ userId: 'user-3' })).toString('base64url');
  browser = await openSseClient(
    `${b.url}/sdk/v1/evaluate/stream?context=${context}&key=${clientKey}&epoch=1`,
  );
  await browser.next((e) => e.event === 'put');
}, 150_000);

afterAll(async () => {
  browser?.close();
  await Promise.all([sdkA?.close(), sdkB?.close()]);
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.stop();
});

describe('a Redis that restarts empty under running instances', () => {
  let at30: string;

  it('keeps every SDK on what it had, reports not ready with the reason, keeps the admin token', async () => {
    at30 = enabledUsers(sdkA);
    const share = at30.split(',').length / USERS.length;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.4);
    expect(enabledUsers(sdkB)).toBe(at30);

    await redis.restart();
    await Promise.all([waitForgot(a), waitForgot(b)]);

    // SDKs never saw the flag vanish: same users in the rollout, on both instances' clients.
    expect(enabledUsers(sdkA)).toBe(at30);
    expect(enabledUsers(sdkB)).toBe(at30);
    for (const flags of browserFlagSets()) expect(flags).toHaveProperty('checkout');
    expect(browser.events.some((e) => e.event === 'delete')).toBe(false);

    // The configured admin token works (registered again), and the store says why it is not trusted.
    const status = await call(b.url, 'GET', '/api/v1/store');
    expect(status.status).toBe(200);
    expect(status.body.lost.kind).toBe('empty');
    // Writes wait for the operator.
    const write = await call(a.url, 'POST', `${FLAG}/rollout`, { percentage: 50 });
    expect(write.status).toBe(503);
    expect(write.body.error.code).toBe('SY_ERR_STORE_FORGOT');
    const metrics = await (await fetch(`${a.url}/metrics`)).text();
    expect(metrics).toMatch(/switchyard_store_forgot_total\{kind="empty"\} 1/);
  }, 60_000);

  it('comes back with `switchyard-server restore --from-instance`: ready, SDKs unchanged, new writes flow', async () => {
    const restored = await runRestore(['--from-instance', a.url]);
    expect(restored.output).toMatch(/Restored 2 environments/);
    expect(restored.code).toBe(0);
    await Promise.all([waitReady(a), waitReady(b)]);
    expect(enabledUsers(sdkA)).toBe(at30);
    expect(enabledUsers(sdkB)).toBe(at30);

    expect((await call(b.url, 'POST', `${FLAG}/rollout`, { percentage: 100 })).status).toBe(200);
    await vi.waitFor(() => expect(enabledUsers(sdkA)).toBe(USERS.join(',')), { timeout: 10_000 });
    await vi.waitFor(() => expect(enabledUsers(sdkB)).toBe(USERS.join(',')), { timeout: 10_000 });
    await vi.waitFor(() => expect(browserFlagSets().at(-1)?.checkout?.value).toBe(true), { timeout: 10_000 });
    for (const flags of browserFlagSets()) expect(flags).toHaveProperty('checkout');
  }, 60_000);
});

describe('FLUSHALL under running instances', () => {
  it('is noticed without a reconnect; restore from memory through the admin API brings it back', async () => {
    expect((await call(a.url, 'POST', `${FLAG}/rollout`, { percentage: 30 })).status).toBe(200);
    await vi.waitFor(() => expect(enabledUsers(sdkB).split(',').length).toBeLessThan(USERS.length), {
      timeout: 10_000,
    });
    const before = enabledUsers(sdkB);
    const flusher = new Redis(redis.url);
    await flusher.flushall();
    flusher.disconnect();
    await Promise.all([waitForgot(a), waitForgot(b)]);
    expect(enabledUsers(sdkA)).toBe(before);

    const restored = await call(b.url, 'POST', '/api/v1/store/restore', {});
    expect(restored.status).toBe(200);
    expect(restored.body.lost).toBeNull();
    await Promise.all([waitReady(a), waitReady(b)]);
    expect(enabledUsers(sdkA)).toBe(before);
    expect(enabledUsers(sdkB)).toBe(before);
    // The store has the flag again, as the admin API reads it, and the next write reaches the SDKs.
    expect((await call(a.url, 'GET', FLAG)).status).toBe(200);
    expect((await call(a.url, 'POST', `${FLAG}/rollout`, { percentage: 100 })).status).toBe(200);
    await vi.waitFor(() => expect(enabledUsers(sdkB)).toBe(USERS.join(',')), { timeout: 10_000 });
  }, 60_000);

  it('accepting the empty store is explicit, and then SDKs take it', async () => {
    const flusher = new Redis(redis.url);
    await flusher.flushall();
    flusher.disconnect();
    await Promise.all([waitForgot(a), waitForgot(b)]);
    const accepted = await call(a.url, 'POST', '/api/v1/store/accept');
    expect(accepted.status).toBe(200);
    await Promise.all([waitReady(a), waitReady(b)]);
    // A new epoch: SDKs accept the empty ruleset, at a lower revision than they held.
    await vi.waitFor(() => expect(enabledUsers(sdkA)).toBe(''), { timeout: 10_000 });
    await vi.waitFor(() => expect(enabledUsers(sdkB)).toBe(''), { timeout: 10_000 });
    expect((await call(b.url, 'PUT', FLAG, booleanFlag('checkout', 100))).status).toBe(201);
    await vi.waitFor(() => expect(enabledUsers(sdkA)).toBe(USERS.join(',')), { timeout: 10_000 });
  }, 60_000);
});

describe('instances that start together on an empty store', () => {
  it('agree on one epoch', async () => {
    const empty = await startRedis({ persistence: false });
    const env = { REDIS_URL: empty.url, SWITCHYARD_ADMIN_TOKEN: TOKEN };
    const started = await Promise.all([
      spawnServer(env, [], 60_000),
      spawnServer(env, [], 60_000),
      spawnServer(env, [], 60_000),
    ]);
    try {
      const epochs = await Promise.all(started.map((s) => call(s.url, 'GET', '/api/v1/store')));
      expect(epochs.map((e) => e.status)).toEqual([200, 200, 200]);
      expect(new Set(epochs.map((e) => e.body.epoch.id)).size).toBe(1);
      expect(epochs.map((e) => e.body.lost)).toEqual([null, null, null]);
    } finally {
      await Promise.all(started.map((s) => s.stop()));
      await empty.stop();
    }
  }, 60_000);
});
