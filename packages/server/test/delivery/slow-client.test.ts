import { connect } from 'node:net';
import { booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

let t: TestServer;
let serverKey: string;
beforeAll(async () => {
  t = await startTestServer();
  serverKey = await t.createKey('server', 'production');
});
afterAll(() => t.close());

const openStreams = async () => {
  const text = await (await fetch(`${t.url}/metrics`)).text();
  return Number(/switchyard_stream_connections\{stream="server"\} (\d+)/.exec(text)?.[1] ?? 0);
};

describe('a stream client that stops reading', () => {
  it('is disconnected instead of being buffered without bound', async () => {
    const { port } = new URL(t.url);
    const socket = connect(Number(port), '127.0.0.1');
    socket.pause(); // Never reads: everything the server sends piles up.
    let closed = false;
    socket.on('close', () => {
      closed = true;
    });
    socket.write(`GET /sdk/v1/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${serverKey}\r\n\r\n`);
    await vi.waitFor(async () => expect(await openStreams()).toBe(1));

    // ~600 KB per change; 40 changes overflow the socket buffers and the 4 MiB allowance.
    const targets = [
      { variant: 'on', values: Array.from({ length: 40_000 }, (_, i) => `user-${i}-padding`) },
    ];
    for (let i = 0; i < 40; i++) {
      const res = await t.api(
        'PUT',
        '/api/v1/environments/production/flags/big-flag',
        booleanFlag('big-flag', i, { targets }),
      );
      expect(res.status).toBeLessThan(300);
    }
    await vi.waitFor(async () => expect(await openStreams()).toBe(0), { timeout: 10_000 });
    socket.resume();
    await vi.waitFor(() => expect(closed).toBe(true), { timeout: 10_000 });
  }, 60_000);
});
