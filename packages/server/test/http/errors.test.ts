import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES } from '../../src/app.js';
import { ERRORS } from '../../src/errors.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('error responses', () => {
  it('answers malformed JSON with 400 SY_ERR_BAD_JSON', async () => {
    const res = await t.api('PUT', '/api/v1/environments/production/flags/x', '{"key": ');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('SY_ERR_BAD_JSON');
  });

  it('answers an oversize body with 413', async () => {
    const big = {
      ...booleanFlag('big'),
      targets: [{ variant: 'on', values: ['x'.repeat(BODY_LIMIT_BYTES)] }],
    };
    const res = await t.api('PUT', '/api/v1/environments/production/flags/big', big);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('SY_ERR_PAYLOAD_TOO_LARGE');
  });

  it('answers a non-JSON body with 415', async () => {
    const res = await t.api('PUT', '/api/v1/environments/production/flags/x', 'key=x', {
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('SY_ERR_UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers an unknown route with 404 in the same shape', async () => {
    const res = await t.api('GET', '/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'SY_ERR_NOT_FOUND' });
  });

  it('never answers 500 to arbitrary JSON bodies on write routes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.jsonValue({ maxDepth: 4 }),
        fc.constantFrom('flags/fuzz', 'flags/fuzz/rollout', 'flags/fuzz/restore', 'segments/fuzz'),
        async (body, route) => {
          const method = route.includes('/r') ? 'POST' : 'PUT';
          const res = await t.api(method, `/api/v1/environments/production/${route}`, JSON.stringify(body));
          expect(res.status).toBeLessThan(500);
          expect(res.body.error ?? res.body).toBeDefined();
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never answers 500 to arbitrary query strings and path segments', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 30 }), async (s) => {
        const encoded = encodeURIComponent(s);
        for (const path of [
          `/api/v1/environments/${encoded}/flags`,
          `/api/v1/audit?limit=${encoded}&flag=${encoded}`,
        ]) {
          const res = await t.api('GET', path);
          expect(res.status).toBeLessThan(500);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('error registry', () => {
  it('lists every code in docs/errors.md with its status', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../docs/errors.md'), 'utf8');
    for (const [code, { status }] of Object.entries(ERRORS)) {
      expect(doc).toMatch(new RegExp(`\\|\\s*\`${code}\`\\s*\\|\\s*${status}\\s*\\|`));
    }
    const documented = [...doc.matchAll(/\|\s*`(SY_ERR_\w+)`\s*\|/g)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(ERRORS).sort());
  });

  it('uses only 4xx and 5xx statuses, 5xx only for the server and the store', () => {
    for (const [code, { status }] of Object.entries(ERRORS)) {
      expect(status).toBeGreaterThanOrEqual(400);
      if (status >= 500)
        expect(['SY_ERR_INTERNAL', 'SY_ERR_STORE_UNAVAILABLE', 'SY_ERR_STORE_FORGOT']).toContain(code);
    }
  });
});
