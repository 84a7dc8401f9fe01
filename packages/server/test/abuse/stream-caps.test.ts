import { type AdminServerProcess, spawnAdminServer } from '@switchyard/test-support/server-process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSseClient, type SseTestClient } from '../support/sse-client.js';

describe('stream caps', () => {
  let server: AdminServerProcess;
  const open: SseTestClient[] = [];
  beforeAll(async () => {
    server = await spawnAdminServer({ MAX_STREAMS_PER_KEY: '3', MAX_STREAMS: '5' });
  });
  afterAll(async () => {
    for (const stream of open) stream.close();
    await server?.stop();
  });

  const stream = async (secret: string) => {
    const client = await openSseClient(`${server.url}/sdk/v1/stream`, { authorization: `Bearer ${secret}` });
    open.push(client);
    return client;
  };

  it('refuses a stream over the per-key cap with 429 and a reason, and admits one again after a close', async () => {
    const key = (await server.createKey('server')).secret;
    const streams = [await stream(key), await stream(key), await stream(key)];
    expect(streams.map((s) => s.status)).toEqual([200, 200, 200]);
    const refused = await fetch(`${server.url}/sdk/v1/stream`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(refused.status).toBe(429);
    const body = await refused.json();
    expect(body.error.code).toBe('SY_ERR_TOO_MANY_STREAMS');
    expect(body.error.message).toContain('This server key');

    streams[0]?.close();
    await expect.poll(async () => (await stream(key)).status, { timeout: 5_000 }).toBe(200);
  });

  it('refuses streams over the per-instance cap whatever the key', async () => {
    const other = (await server.createKey('server')).secret;
    // Three streams are open from the first test; two more fill the instance.
    expect((await stream(other)).status).toBe(200);
    expect((await stream(other)).status).toBe(200);
    const refused = await fetch(`${server.url}/sdk/v1/stream`, {
      headers: { authorization: `Bearer ${other}` },
    });
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.message).toContain('This server instance');
  });
});
