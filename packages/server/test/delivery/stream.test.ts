import { booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openSseClient } from '../support/sse-client.js';

let t: TestServer;
let serverKey: string;
const flagPath = (key: string) => `/api/v1/environments/production/flags/${key}`;

beforeAll(async () => {
  t = await startTestServer({ heartbeatMs: 200 });
  serverKey = await t.createKey('server', 'production');
  await t.api('PUT', flagPath('streamed'), booleanFlag('streamed', 5));
});
afterAll(() => t.close());

const openStreams = async () => {
  const text = await (await fetch(`${t.url}/metrics`)).text();
  return Number(/switchyard_stream_connections\{stream="server"\} (\d+)/.exec(text)?.[1] ?? 0);
};

const stream = (headers: Record<string, string> = {}) =>
  openSseClient(`${t.url}/sdk/v1/stream`, { authorization: `Bearer ${serverKey}`, ...headers });

describe('GET /sdk/v1/ruleset', () => {
  it('returns flags and segments with a revision and ETag, and 304 when unchanged', async () => {
    const res = await t.api('GET', '/sdk/v1/ruleset', undefined, { token: serverKey });
    expect(res.status).toBe(200);
    expect(res.body.flags.streamed).toMatchObject({ key: 'streamed', version: 1 });
    expect(res.body.segments).toEqual({});
    // The revision and the store epoch: a restored store may come back to a revision an SDK holds.
    expect(res.headers.get('etag')).toMatch(new RegExp(`^"${res.body.revision}-[0-9a-f-]{36}"$`));
    const again = await t.api('GET', '/sdk/v1/ruleset', undefined, {
      token: serverKey,
      headers: { 'if-none-match': res.headers.get('etag') as string },
    });
    expect(again.status).toBe(304);
    await t.api('POST', `${flagPath('streamed')}/rollout`, { percentage: 6 });
    const changed = await t.api('GET', '/sdk/v1/ruleset', undefined, {
      token: serverKey,
      headers: { 'if-none-match': res.headers.get('etag') as string },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.revision).toBe(res.body.revision + 1);
  });
});

describe('GET /sdk/v1/stream', () => {
  it('sends a put, then patch and delete events in order with revision ids', async () => {
    const client = await stream();
    expect(client.status).toBe(200);
    const put = await client.next();
    expect(put.event).toBe('put');
    expect(put.data.flags.streamed.key).toBe('streamed');
    const start = Number(put.id);
    expect(put.data.revision).toBe(start);

    await t.api('POST', `${flagPath('streamed')}/rollout`, { percentage: 25 });
    const patch = await client.next();
    expect(patch).toMatchObject({ event: 'patch', id: String(start + 1) });
    expect(patch.data.kind).toBe('flag');
    expect(patch.data.data.fallthrough.rollout.variants[0]).toEqual({ variant: 'on', weight: 25_000 });

    await t.api('PUT', '/api/v1/environments/production/segments/streamed-seg', { included: ['u1'] });
    expect(await client.next()).toMatchObject({
      event: 'patch',
      id: String(start + 2),
      data: { kind: 'segment' },
    });

    await t.api('PUT', flagPath('doomed'), booleanFlag('doomed'));
    await client.next();
    await t.api('DELETE', flagPath('doomed'));
    expect(await client.next()).toMatchObject({
      event: 'delete',
      id: String(start + 4),
      data: { kind: 'flag', key: 'doomed', version: 1 },
    });
    client.close();
  });

  it('replays only what a reconnecting client missed, given Last-Event-ID', async () => {
    const first = await stream();
    const put = await first.next();
    first.close();
    await t.api('POST', `${flagPath('streamed')}/rollout`, { percentage: 30 });
    await t.api('POST', `${flagPath('streamed')}/rollout`, { percentage: 35 });

    const again = await stream({ 'last-event-id': put.id as string });
    const a = await again.next();
    const b = await again.next();
    expect([a.event, b.event]).toEqual(['patch', 'patch']);
    expect([Number(a.id), Number(b.id)]).toEqual([Number(put.id) + 1, Number(put.id) + 2]);
    expect(b.data.data.fallthrough.rollout.variants[0].weight).toBe(35_000);
    again.close();
  });

  it('sends a fresh put for a Last-Event-ID it cannot replay', async () => {
    const client = await stream({ 'last-event-id': '999999' });
    expect((await client.next()).event).toBe('put');
    client.close();
  });

  it('sends heartbeat comments', async () => {
    const client = await stream();
    await client.next();
    await vi.waitFor(() => expect(client.comments).toBeGreaterThanOrEqual(3), { timeout: 3000 });
    client.close();
  });

  it('refuses a client key and no key', async () => {
    const clientKey = await t.createKey('client', 'production');
    expect(
      (await openSseClient(`${t.url}/sdk/v1/stream`, { authorization: `Bearer ${clientKey}` })).status,
    ).toBe(403);
    expect((await openSseClient(`${t.url}/sdk/v1/stream`)).status).toBe(401);
  });

  it('delivers a change to 50 connected clients', async () => {
    const clients = await Promise.all(Array.from({ length: 50 }, () => stream()));
    await Promise.all(clients.map((c) => c.next()));
    await t.api('POST', `${flagPath('streamed')}/disable`);
    const patches = await Promise.all(clients.map((c) => c.next((e) => e.event === 'patch')));
    expect(patches.every((p) => p.data.data.enabled === false)).toBe(true);
    for (const c of clients) c.close();
  });

  it('keeps sending every change exactly once to the streams left when others close, and to new ones', async () => {
    const clients = await Promise.all(Array.from({ length: 12 }, () => stream()));
    await Promise.all(clients.map((c) => c.next()));
    // The first, a middle and the last stream go away; the others must not be skipped or sent twice.
    const gone = new Set([0, 5, 11]);
    for (const i of gone) clients[i]?.close();
    await vi.waitFor(async () => expect(await openStreams()).toBe(9), { timeout: 10_000 });
    const late = await stream();
    await late.next();
    const staying = [...clients.filter((_, i) => !gone.has(i)), late];

    const first = await t.api('POST', `${flagPath('streamed')}/rollout`, { percentage: 41 });
    const second = await t.api('POST', `${flagPath('streamed')}/rollout`, { percentage: 42 });
    for (const c of staying) {
      const a = await c.next((e) => e.event === 'patch');
      const b = await c.next((e) => e.event === 'patch');
      expect([a.data.data.version, b.data.data.version]).toEqual([first.body.version, second.body.version]);
      expect(Number(b.id)).toBe(Number(a.id) + 1);
    }
    for (const c of staying) c.close();

    // Every stream of the environment closed: a new one still hears changes.
    await vi.waitFor(async () => expect(await openStreams()).toBe(0), { timeout: 10_000 });
    const fresh = await stream();
    await fresh.next();
    const third = await t.api('POST', `${flagPath('streamed')}/rollout`, { percentage: 43 });
    expect((await fresh.next((e) => e.event === 'patch')).data.data.version).toBe(third.body.version);
    fresh.close();
  });
});

describe('GET /api/v1/environments/:env/stream', () => {
  it('streams the environment to admin keys, and refuses SDK keys', async () => {
    const client = await openSseClient(`${t.url}/api/v1/environments/production/stream`, {
      authorization: `Bearer ${t.server.adminToken}`,
    });
    expect((await client.next()).event).toBe('put');
    await t.api('POST', `${flagPath('streamed')}/enable`);
    expect((await client.next()).data.data).toMatchObject({ key: 'streamed', enabled: true });
    client.close();
    expect(
      (
        await openSseClient(`${t.url}/api/v1/environments/production/stream`, {
          authorization: `Bearer ${serverKey}`,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await openSseClient(`${t.url}/api/v1/environments/nope/stream`, {
          authorization: `Bearer ${t.server.adminToken}`,
        })
      ).status,
    ).toBe(404);
  });
});
