import { connect, type Socket } from 'node:net';
import { startTestServer, type TestServer } from '@switchyard/test-support/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const HEARTBEAT_MS = 100;
const HEARTBEAT = ':\n\n';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ heartbeatMs: HEARTBEAT_MS });
});
afterAll(() => t.close());

/** A server key of production, with its id (to revoke it). */
async function serverKey(): Promise<{ id: string; secret: string }> {
  const res = await t.api('POST', '/api/v1/keys', { kind: 'server', name: 'hb', environment: 'production' });
  expect(res.status).toBe(201);
  return { id: res.body.id, secret: res.body.secret };
}

/** `GET /sdk/v1/stream` over a raw socket: every byte the server sends, as it sent it. */
function rawStream(secret: string, version: '1.0' | '1.1'): { socket: Socket; received: () => string } {
  const { port } = new URL(t.url);
  const socket = connect(Number(port), '127.0.0.1');
  let text = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    text += chunk;
  });
  socket.write(`GET /sdk/v1/stream HTTP/${version}\r\nHost: x\r\nAuthorization: Bearer ${secret}\r\n\r\n`);
  return { socket, received: () => text };
}

/** Decodes a chunked body; `complete` says whether the terminating zero-size chunk was read. */
function dechunk(body: string): { data: string; complete: boolean; after: string } {
  let data = '';
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at);
    if (lineEnd < 0) return { data, complete: false, after: '' };
    const size = Number.parseInt(body.slice(at, lineEnd), 16);
    expect(Number.isNaN(size)).toBe(false);
    const start = lineEnd + 2;
    if (size === 0) return { data, complete: true, after: body.slice(start + 2) };
    if (body.length < start + size + 2) return { data, complete: false, after: '' };
    data += body.slice(start, start + size);
    expect(body.slice(start + size, start + size + 2)).toBe('\r\n');
    at = start + size + 2;
  }
}

const bodyOf = (response: string) => response.slice(response.indexOf('\r\n\r\n') + 4);
const heartbeats = (data: string) => data.split(HEARTBEAT).length - 1;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('stream heartbeats', () => {
  it('keep arriving, in well-formed chunks after the put, on every open stream', async () => {
    const key = await serverKey();
    const streams = Array.from({ length: 3 }, () => rawStream(key.secret, '1.1'));
    await vi.waitFor(
      () => {
        for (const s of streams) {
          const { data } = dechunk(bodyOf(s.received()));
          expect(data).toContain('event: put\n');
          // ":ok\n\n" opens the stream; the rest are heartbeats.
          expect(heartbeats(data.slice(data.indexOf('event: put')))).toBeGreaterThanOrEqual(3);
        }
      },
      { timeout: 5_000 },
    );
    for (const s of streams) {
      expect(s.received()).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(s.received().toLowerCase()).toContain('transfer-encoding: chunked');
      s.socket.destroy();
    }
  });

  it('stop on a stream the server ended: nothing follows the last chunk on the kept-alive socket', async () => {
    const key = await serverKey();
    const revoked = rawStream(key.secret, '1.1');
    const other = await serverKey();
    const bystander = rawStream(other.secret, '1.1');
    await vi.waitFor(() => expect(heartbeats(dechunk(bodyOf(revoked.received())).data)).toBeGreaterThan(1), {
      timeout: 5_000,
    });

    expect((await t.api('DELETE', `/api/v1/keys/${key.id}`)).status).toBe(204);
    await vi.waitFor(() => expect(dechunk(bodyOf(revoked.received())).complete).toBe(true), {
      timeout: 5_000,
    });
    const beatsOfBystander = heartbeats(dechunk(bodyOf(bystander.received())).data);
    await sleep(HEARTBEAT_MS * 5);
    // A heartbeat written after the end would be garbage on a connection kept alive for the next request.
    expect(dechunk(bodyOf(revoked.received())).after).toBe('');
    expect(heartbeats(dechunk(bodyOf(bystander.received())).data)).toBeGreaterThan(beatsOfBystander);
    revoked.socket.destroy();
    bystander.socket.destroy();
  });

  it('reach an HTTP/1.0 client too, in a body without chunks', async () => {
    const key = await serverKey();
    const stream = rawStream(key.secret, '1.0');
    await vi.waitFor(
      () => {
        const body = bodyOf(stream.received());
        expect(body).toContain('event: put\n');
        expect(heartbeats(body.slice(body.indexOf('event: put')))).toBeGreaterThanOrEqual(2);
      },
      { timeout: 5_000 },
    );
    expect(stream.received().toLowerCase()).not.toContain('transfer-encoding');
    stream.socket.destroy();
  });
});
