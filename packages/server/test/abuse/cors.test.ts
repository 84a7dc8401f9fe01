import {
  type AdminServerProcess,
  PROCESS_ADMIN_TOKEN,
  spawnAdminServer,
} from '@switchyard/test-support/server-process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ORIGIN = 'https://shop.example';

describe('CORS', () => {
  let server: AdminServerProcess;
  let client: string;
  beforeAll(async () => {
    server = await spawnAdminServer({ CORS_ORIGINS: ORIGIN });
    client = (await server.createKey('client')).secret;
  });
  afterAll(async () => {
    await server?.stop();
  });

  const preflight = (path: string) =>
    fetch(`${server.url}${path}`, {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization',
      },
    });

  it('allows the configured origin on SDK routes, preflight included', async () => {
    const pre = await preflight('/sdk/v1/evaluate');
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const res = await fetch(`${server.url}/sdk/v1/evaluate`, {
      method: 'POST',
      headers: { origin: ORIGIN, authorization: `Bearer ${client}`, 'content-type': 'application/json' },
      body: JSON.stringify({ context: { userId: 'u-1' } }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });

  it('never applies to the admin API, not even to its preflight', async () => {
    const pre = await preflight('/api/v1/environments');
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    expect(pre.status).toBe(404);
    const res = await fetch(`${server.url}/api/v1/environments`, {
      headers: { origin: ORIGIN, authorization: `Bearer ${PROCESS_ADMIN_TOKEN}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('puts the CORS headers on SDK 401s and 403s, so a browser can read why', async () => {
    const unauthorized = await fetch(`${server.url}/sdk/v1/evaluate`, {
      method: 'POST',
      headers: {
        origin: ORIGIN,
        authorization: 'Bearer sy_client_wrong',
        'content-type': 'application/json',
      },
      body: '{"context":{}}',
    });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect((await unauthorized.json()).error.code).toBe('SY_ERR_UNAUTHORIZED');

    const forbidden = await fetch(`${server.url}/sdk/v1/ruleset`, {
      headers: { origin: ORIGIN, authorization: `Bearer ${client}` },
    });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });

  it('refuses a preflight without Access-Control-Request-Method, and varies every answer by Origin', async () => {
    const bad = await fetch(`${server.url}/sdk/v1/evaluate`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN },
    });
    expect(bad.status).toBe(400);
    const pre = await preflight('/ofrep/v1/evaluate/flags');
    expect(pre.status).toBe(204);
    expect(pre.headers.get('content-length')).toBe('0');
    expect(pre.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(pre.headers.get('access-control-allow-headers')).toContain('x-api-key');
    expect(pre.headers.get('access-control-max-age')).toBe('600');
    const sdk = await fetch(`${server.url}/sdk/v1/ruleset`, { headers: { origin: ORIGIN } });
    expect(sdk.headers.get('access-control-expose-headers')).toBe('retry-after, etag');
    expect(sdk.headers.get('vary')).toBe('Origin');
    const admin = await fetch(`${server.url}/api/v1/environments`, { headers: { origin: ORIGIN } });
    expect(admin.headers.get('vary')).toBe('Origin');
    expect(admin.headers.get('access-control-expose-headers')).toBeNull();
    // A request without Origin (a server, curl, a same-origin page) gets no CORS headers but Vary.
    const plain = await fetch(`${server.url}/sdk/v1/ruleset`);
    expect(plain.headers.get('vary')).toBe('Origin');
    expect(plain.headers.get('access-control-expose-headers')).toBeNull();
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('gives other origins nothing', async () => {
    const res = await fetch(`${server.url}/sdk/v1/evaluate`, {
      method: 'POST',
      headers: {
        origin: 'https://evil.example',
        authorization: `Bearer ${client}`,
        'content-type': 'application/json',
      },
      body: '{"context":{}}',
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});
