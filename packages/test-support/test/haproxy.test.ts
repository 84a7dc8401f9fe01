import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Haproxy, startHaproxy } from '../src/haproxy.js';

/** A backend that names itself in every answer; its readiness can be switched off as a drain does. */
async function backend(name: string) {
  const state = { ready: true };
  const server: Server = createServer((req, res) => {
    if (req.url === '/health/ready') {
      res.writeHead(state.ready ? 200 : 503).end();
      return;
    }
    req.resume();
    req.on('end', () => res.end(name));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    state,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const answers = async (url: string, n: number) => {
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    const res = await fetch(url);
    expect(res.status, await res.clone().text()).toBe(200);
    seen.add(await res.text());
  }
  return seen;
};

describe('HAProxy harness', () => {
  let a: Awaited<ReturnType<typeof backend>>;
  let b: Awaited<ReturnType<typeof backend>>;
  let lb: Haproxy;

  beforeAll(async () => {
    a = await backend('a');
    b = await backend('b');
    lb = await startHaproxy({ servers: { a: a.port, b: b.port } });
    await lb.waitFor('a', 'UP');
    await lb.waitFor('b', 'UP');
  });
  afterAll(async () => {
    await lb?.stop();
    await a?.close();
    await b?.close();
  });

  it('balances over the servers its health checks find ready', async () => {
    expect(await answers(lb.url, 6)).toEqual(new Set(['a', 'b']));
  });

  it('takes a server that stops being ready out, and brings it back', async () => {
    a.state.ready = false;
    await lb.waitFor('a', 'DOWN');
    expect(await answers(lb.url, 6)).toEqual(new Set(['b']));
    a.state.ready = true;
    await lb.waitFor('a', 'UP');
    expect(await answers(lb.url, 6)).toEqual(new Set(['a', 'b']));
  });

  it('retries a POST refused by a server that just went away on another server', async () => {
    const port = a.port;
    // With its checks paused HAProxy still counts `a` as up: some of these POSTs are sent to the closed
    // port, refused and redispatched (as in the moment before a check notices an instance is gone).
    await lb.runtime('disable health switchyard/a');
    const closed = a.close();
    const posts = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const res = await fetch(lb.url, { method: 'POST', body: '{}' });
        return `${res.status} ${await res.text()}`;
      }),
    );
    await closed;
    expect(new Set(posts)).toEqual(new Set(['200 b']));
    const { retries, redispatches } = await lb.retries();
    expect(retries + redispatches).toBeGreaterThan(0);
    a = await backend('a2');
    await lb.setServer('a', a.port);
    await lb.runtime('enable health switchyard/a');
    expect(a.port).not.toBe(port);
    await lb.waitFor('a', 'UP');
    expect(await answers(lb.url, 6)).toEqual(new Set(['a2', 'b']));
  });

  it('restarts on the same port with the servers as they are now', async () => {
    const url = lb.url;
    await lb.restart();
    expect(lb.url).toBe(url);
    await lb.waitFor('a', 'UP');
    await lb.waitFor('b', 'UP');
    expect(await answers(lb.url, 6)).toEqual(new Set(['a2', 'b']));
  });
});
