import { booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSseClient } from '../support/sse-client.js';

let t: TestServer;
let clientKey: string;
let serverKey: string;
const flagPath = (key: string) => `/api/v1/environments/production/flags/${key}`;
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

beforeAll(async () => {
  t = await startTestServer({ corsOrigins: ['https://shop.example'] });
  clientKey = await t.createKey('client', 'production');
  serverKey = await t.createKey('server', 'production');
  await t.api(
    'PUT',
    flagPath('new-checkout'),
    booleanFlag('new-checkout', 0, { targets: [{ variant: 'on', values: ['vip-1'] }] }),
  );
  await t.api('PUT', flagPath('staff-only'), {
    ...booleanFlag('staff-only'),
    rules: [
      {
        id: 'staff',
        clauses: [{ attribute: 'email', op: 'endsWith', values: ['@acme.com'] }],
        serve: { variant: 'on' },
      },
    ],
  });
});
afterAll(() => t.close());

describe('POST /sdk/v1/evaluate', () => {
  it('returns every flag evaluated for the context, and no rules, targets or segments', async () => {
    const res = await t.api(
      'POST',
      '/sdk/v1/evaluate',
      { context: { userId: 'vip-1', email: 'a@acme.com' } },
      { token: clientKey },
    );
    expect(res.status).toBe(200);
    expect(res.body.flags['new-checkout']).toEqual({
      value: true,
      variant: 'on',
      reason: { kind: 'TARGET_MATCH' },
    });
    expect(res.body.flags['staff-only']).toEqual({
      value: true,
      variant: 'on',
      reason: { kind: 'RULE_MATCH', ruleId: 'staff', ruleIndex: 0 },
    });
    const text = JSON.stringify(res.body);
    for (const secret of ['vip-1', '@acme.com', 'clauses', 'targets', 'rollout'])
      expect(text).not.toContain(secret);
  });

  it('rejects a malformed context naming the field', async () => {
    const res = await t.api('POST', '/sdk/v1/evaluate', { context: { userId: 42 } }, { token: clientKey });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('context.userId');
  });

  it('allows configured origins only (CORS)', async () => {
    const preflight = await fetch(`${t.url}/sdk/v1/evaluate`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    const other = await t.api(
      'POST',
      '/sdk/v1/evaluate',
      { context: {} },
      { token: clientKey, headers: { origin: 'https://evil.example' } },
    );
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('GET /sdk/v1/evaluate/stream', () => {
  it('puts all values, then patches only the values that changed for that context', async () => {
    const client = await openSseClient(
      `${t.url}/sdk/v1/evaluate/stream?context=${b64({ userId: 'u-1', email: 'x@acme.com' })}&key=${clientKey}`,
    );
    const put = await client.next();
    expect(put.event).toBe('put');
    expect(put.data.flags['new-checkout'].value).toBe(false);
    expect(put.data.flags['staff-only'].value).toBe(true);

    await t.api('POST', `${flagPath('new-checkout')}/rollout`, { percentage: 100 });
    const patch = await client.next();
    expect(patch.event).toBe('patch');
    expect(Object.keys(patch.data.flags)).toEqual(['new-checkout']);
    expect(patch.data.flags['new-checkout']).toMatchObject({ value: true, variant: 'on' });

    await t.api('PUT', flagPath('temp'), booleanFlag('temp'));
    expect(Object.keys((await client.next()).data.flags)).toEqual(['temp']);
    await t.api('DELETE', flagPath('temp'));
    expect(await client.next()).toMatchObject({ event: 'delete', data: { keys: ['temp'] } });
    client.close();
  });

  it('sends nothing to a context whose values did not change', async () => {
    const client = await openSseClient(`${t.url}/sdk/v1/evaluate/stream?context=${b64({ userId: 'u-2' })}`, {
      authorization: `Bearer ${clientKey}`,
    });
    await client.next();
    await t.api('PUT', flagPath('staff-only'), {
      ...booleanFlag('staff-only'),
      description: 'changed text only',
      rules: [
        {
          id: 'staff',
          clauses: [{ attribute: 'email', op: 'endsWith', values: ['@acme.com'] }],
          serve: { variant: 'on' },
        },
      ],
    });
    await t.api('PUT', flagPath('marker'), booleanFlag('marker'));
    const next = await client.next();
    expect(Object.keys(next.data.flags)).toEqual(['marker']);
    client.close();
  });

  it('rejects a bad context and a server key', async () => {
    expect((await openSseClient(`${t.url}/sdk/v1/evaluate/stream?context=%%%&key=${clientKey}`)).status).toBe(
      400,
    );
    expect(
      (await openSseClient(`${t.url}/sdk/v1/evaluate/stream?context=${b64({ userId: 1 })}&key=${clientKey}`))
        .status,
    ).toBe(400);
    expect((await openSseClient(`${t.url}/sdk/v1/evaluate/stream?key=${serverKey}`)).status).toBe(403);
  });
});

describe('POST /sdk/v1/events and flag metrics', () => {
  it('adds up batches per variant and serves them with totals, error rate and p95', async () => {
    const batch = {
      metrics: [
        {
          flag: 'new-checkout',
          variant: 'on',
          evaluations: 100,
          exposures: 40,
          errors: 3,
          latency: { counts: [0, 0, 0, 90, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0], sumMs: 1000 },
        },
        { flag: 'new-checkout', variant: 'off', evaluations: 900, exposures: 300, errors: 1 },
      ],
    };
    expect((await t.api('POST', '/sdk/v1/events', batch, { token: serverKey })).status).toBe(202);
    expect((await t.api('POST', '/sdk/v1/events', batch, { token: clientKey })).status).toBe(202);
    const res = await t.api('GET', `${flagPath('new-checkout')}/metrics?minutes=5`);
    expect(res.status).toBe(200);
    const on = res.body.totals.find((x: { variant: string }) => x.variant === 'on');
    expect(on).toMatchObject({
      evaluations: 200,
      exposures: 80,
      errors: 6,
      errorRate: 0.03,
      p95LatencyMs: 25,
    });
    expect(res.body.totals.find((x: { variant: string }) => x.variant === 'off')).toMatchObject({
      evaluations: 1800,
      errors: 2,
    });
    expect(res.body.series.length).toBeGreaterThanOrEqual(2);
  });

  it('rejects malformed batches naming the field', async () => {
    const res = await t.api(
      'POST',
      '/sdk/v1/events',
      { metrics: [{ flag: 'x', variant: 'on', evaluations: -1 }] },
      { token: serverKey },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('metrics.0.evaluations');
  });
});
