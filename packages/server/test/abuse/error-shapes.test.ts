import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type AdminServerProcess, spawnAdminServer } from '@switchyard/test-support/server-process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const raw = async (url: string, init: RequestInit = {}) => {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, text, body: text.startsWith('{') ? JSON.parse(text) : text };
};

describe('public error bodies', () => {
  let server: AdminServerProcess;
  beforeAll(async () => {
    server = await spawnAdminServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers router errors in the SY_ERR_* shape, without echoing the path', async () => {
    const badEncoding = await raw(`${server.url}/api/v1/environments/%E0%A4%A/flags`);
    expect(badEncoding.status).toBe(400);
    expect(badEncoding.body).toEqual({ error: { code: 'SY_ERR_BAD_URL', message: expect.any(String) } });

    const tooLong = await raw(`${server.url}/api/v1/environments/${'a'.repeat(500)}/flags`);
    expect(tooLong.status).toBe(414);
    expect(tooLong.body).toEqual({ error: { code: 'SY_ERR_URL_TOO_LONG', message: expect.any(String) } });
    expect(tooLong.text).not.toContain('aaaaaaaaaa');
  });

  it('names the dependency that is down, never its path or the system error', async () => {
    expect((await raw(`${server.url}/health/ready`)).status).toBe(200);
    // The readiness probe writes .ready-probe in the data directory: a directory in its place fails
    // it (permissions would not, for root).
    const probe = join(server.dataDir, '.ready-probe');
    mkdirSync(probe);
    try {
      const ready = await raw(`${server.url}/health/ready`);
      expect(ready.status).toBe(503);
      expect(ready.body).toEqual({
        status: 'not ready',
        dependency: 'file store',
        reason: expect.any(String),
      });
      expect(ready.text).not.toContain(server.dataDir);
      expect(ready.text).not.toMatch(/EISDIR|directory/i);
    } finally {
      rmSync(probe, { recursive: true });
    }
    expect((await raw(`${server.url}/health/ready`)).status).toBe(200);
  });
});
