import { connect } from 'node:net';
import {
  type AdminServerProcess,
  PROCESS_ADMIN_TOKEN,
  spawnAdminServer,
} from '@switchyard/test-support/server-process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Opens a raw connection, writes `start`, then trickles nothing more; resolves with what the server said before closing. */
function slowClient(url: string, start: string, giveUpMs: number): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(`${answer}[still open after ${giveUpMs} ms]`);
    }, giveUpMs);
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
    socket.on('error', reject);
    socket.write(start);
  });
}

describe('slow clients cannot hold a socket', () => {
  let server: AdminServerProcess;
  beforeAll(async () => {
    server = await spawnAdminServer({ HEADERS_TIMEOUT_SECONDS: '1', REQUEST_TIMEOUT_SECONDS: '2' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('closes a connection whose body never finishes', async () => {
    const answer = await slowClient(
      server.url,
      `POST /api/v1/environments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${PROCESS_ADMIN_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"key":`,
      20_000,
    );
    expect(answer).not.toContain('still open');
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes a connection whose headers never finish', async () => {
    const answer = await slowClient(server.url, 'GET /health/live HTTP/1.1\r\nHost: x\r\nX-Slow: ', 20_000);
    expect(answer).not.toContain('still open');
  });

  it('leaves streams open past the request timeout', async () => {
    const key = (await server.createKey('server')).secret;
    const answer = await slowClient(
      server.url,
      `GET /sdk/v1/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\n\r\n`,
      4_000,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(answer).toContain('still open');
  });
});
