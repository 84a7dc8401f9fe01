import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import {
  registerSecurityHeaders,
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
});
