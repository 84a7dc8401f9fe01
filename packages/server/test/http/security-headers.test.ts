import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import {
  registerSecurityHeaders,
  SDK_SECURITY_HEADERS,
  SECURITY_HEADERS,
  securityHeaders,
} from '../../src/http/security-headers.js';

describe('security headers', () => {
  it('go with the reply, so the raw response has no header of its own before Node writes them all', async () => {
    const app = Fastify();
    registerSecurityHeaders(app);
    app.get('/', async (_request, reply) => ({ raw: reply.raw.getHeaderNames() }));
    const res = await app.inject({ method: 'GET', url: '/' });
    // Headers set on the raw response would send every reply header through Node's slower merge.
    expect(res.json()).toEqual({ raw: [] });
    for (const [name, value] of securityHeaders()) expect(res.headers[name]).toBe(value);
    await app.close();
  });

  it("are helmet's headers, computed once", () => {
    expect(Object.entries(SECURITY_HEADERS)).toEqual(securityHeaders());
    expect(SECURITY_HEADERS['x-frame-options']).toBe('DENY');
    expect(Object.isFrozen(SECURITY_HEADERS)).toBe(true);
  });

  it('on SDK and OFREP routes are the JSON-API set: nothing may load or frame them, nosniff, no referrer', async () => {
    const app = Fastify();
    registerSecurityHeaders(app);
    for (const url of ['/sdk/v1/ruleset', '/ofrep/v1/evaluate/flags', '/api/v1/environments', '/admin/'])
      app.get(url, async () => ({}));
    await app.ready();
    const headersOf = async (url: string) => (await app.inject({ method: 'GET', url })).headers;
    for (const url of ['/sdk/v1/ruleset', '/ofrep/v1/evaluate/flags']) {
      const headers = await headersOf(url);
      expect(headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['referrer-policy']).toBe('no-referrer');
      // Headers only a page reads are left out of every SDK answer.
      expect(headers['x-frame-options']).toBeUndefined();
      expect(headers['cross-origin-resource-policy']).toBeUndefined();
    }
    for (const url of ['/api/v1/environments', '/admin/']) {
      const headers = await headersOf(url);
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(headers[name]).toBe(value);
      expect(headers['content-security-policy']).not.toBe(SDK_SECURITY_HEADERS['content-security-policy']);
    }
    await app.close();
  });
});
