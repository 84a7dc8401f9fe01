import { booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSseClient } from '../../support/sse-client.js';

const ORIGIN = 'https://shop.example';
let t: TestServer;
let clientKey: string;
let serverKey: string;
let otherEnvKey: string;
const flagPath = (key: string) => `/api/v1/environments/production/flags/${key}`;

/** An OFREP call as providers make it: JSON body, key as X-API-Key unless `auth` says otherwise. */
function ofrep(path: string, body: unknown, key: string, headers: Record<string, string> = {}) {
  return t.api('POST', `/ofrep/v1/evaluate/flags${path}`, body, {
    token: null,
    headers: { 'x-api-key': key, ...headers },
  });
}

beforeAll(async () => {
  t = await startTestServer({ corsOrigins: [ORIGIN] });
  clientKey = await t.createKey('client', 'production');
  serverKey = await t.createKey('server', 'production');
  expect((await t.api('POST', '/api/v1/environments', { key: 'staging', name: 'Staging' })).status).toBe(201);
  otherEnvKey = await t.createKey('client', 'staging');
  await t.api(
    'PUT',
    flagPath('new-checkout'),
    booleanFlag('new-checkout', 50, { targets: [{ variant: 'on', values: ['vip-1'] }] }),
  );
  await t.api('PUT', flagPath('banner'), {
    key: 'banner',
    type: 'string',
    variants: { a: 'Hello', b: 'Welcome back' },
    enabled: true,
    offVariant: 'a',
    rules: [
      { id: 'pro', clauses: [{ attribute: 'org.plan', op: 'in', values: ['pro'] }], serve: { variant: 'b' } },
    ],
    fallthrough: { variant: 'a' },
  });
  await t.api('PUT', flagPath('limits'), {
    key: 'limits',
    type: 'json',
    variants: { small: { rps: 10 }, big: { rps: 1000 } },
    enabled: false,
    offVariant: 'small',
    fallthrough: { variant: 'big' },
  });
});
afterAll(() => t.close());

describe('POST /ofrep/v1/evaluate/flags/{key}', () => {
  it('answers value, variant, reason and metadata, with the key as Bearer or X-API-Key', async () => {
    const viaHeader = await ofrep('/new-checkout', { context: { targetingKey: 'vip-1' } }, serverKey);
    expect(viaHeader.status).toBe(200);
    expect(viaHeader.headers.get('content-type')).toMatch(/^application\/json/);
    expect(viaHeader.body).toEqual({
      key: 'new-checkout',
      value: true,
      variant: 'on',
      reason: 'TARGETING_MATCH',
      metadata: { switchyardReason: 'TARGET_MATCH' },
    });
    const viaBearer = await t.api(
      'POST',
      '/ofrep/v1/evaluate/flags/banner',
      { context: { org: { plan: 'pro' } } },
      { token: clientKey },
    );
    expect(viaBearer.body).toMatchObject({
      key: 'banner',
      value: 'Welcome back',
      variant: 'b',
      reason: 'TARGETING_MATCH',
    });
    expect((await ofrep('/banner', { context: {} }, clientKey)).body).toMatchObject({
      value: 'Hello',
      reason: 'DEFAULT',
    });
    expect((await ofrep('/limits', { context: {} }, clientKey)).body).toMatchObject({
      value: { rps: 10 },
      reason: 'DISABLED',
    });
    const split = await ofrep('/new-checkout', { context: { targetingKey: 'user-7' } }, clientKey);
    expect(split.body).toMatchObject({ reason: 'SPLIT', metadata: { inRollout: true } });
  });

  it('answers 404 FLAG_NOT_FOUND and 400 TARGETING_KEY_MISSING with the key and errorDetails', async () => {
    const missing = await ofrep('/nope', { context: { targetingKey: 'u' } }, serverKey);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      key: 'nope',
      errorCode: 'FLAG_NOT_FOUND',
      errorDetails: 'flag "nope" not found',
      metadata: expect.any(Object),
    });
    const noKey = await ofrep('/new-checkout', { context: {} }, serverKey);
    expect(noKey.status).toBe(400);
    expect(noKey.body).toMatchObject({ key: 'new-checkout', errorCode: 'TARGETING_KEY_MISSING' });
    expect(noKey.body.errorDetails).toMatch(/targetingKey/);
  });

  it('answers 401 and 403 without a body', async () => {
    for (const [key, status] of [
      ['not-a-key', 401],
      [await t.createKey('admin'), 403],
    ] as const) {
      const res = await ofrep('/banner', { context: {} }, key);
      expect(res.status).toBe(status);
      expect(res.body).toBeUndefined();
    }
    const none = await t.api('POST', '/ofrep/v1/evaluate/flags/banner', { context: {} }, { token: null });
    expect(none.status).toBe(401);
    expect(none.body).toBeUndefined();
  });

  it('evaluates in the environment of the key only', async () => {
    expect((await ofrep('/banner', { context: {} }, otherEnvKey)).status).toBe(404);
  });
});

describe('hostile OFREP bodies from a client key', () => {
  const bad: [string, string | unknown, number, string][] = [
    ['not JSON', '{"context":', 400, 'PARSE_ERROR'],
    ['an array', [], 400, 'INVALID_CONTEXT'],
    ['no context', {}, 400, 'INVALID_CONTEXT'],
    ['a string context', { context: 'u-1' }, 400, 'INVALID_CONTEXT'],
    ['an array context', { context: ['u-1'] }, 400, 'INVALID_CONTEXT'],
    ['a number targetingKey', { context: { targetingKey: 7 } }, 400, 'INVALID_CONTEXT'],
    ['a __proto__ key', '{"context":{"targetingKey":"u","__proto__":{"admin":true}}}', 400, 'PARSE_ERROR'],
    ['a body over 64 KiB', { context: { targetingKey: 'u', blob: 'x'.repeat(70_000) } }, 413, 'PARSE_ERROR'],
  ];
  it.each(bad)('%s answers %s', async (_, body, status, errorCode) => {
    for (const path of ['', '/banner']) {
      const res = await ofrep(path, body, clientKey);
      expect(res.status).toBe(status);
      expect(res.body.errorCode).toBe(errorCode);
      expect(typeof res.body.errorDetails).toBe('string');
      if (path === '/banner') expect(res.body.key).toBe('banner');
    }
  });

  it('refuses a context nested 10,000 deep (JSON depth limit); one of odd values evaluates without them', async () => {
    const deep = `{"context":{"targetingKey":"vip-1","a":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}}`;
    const res = await ofrep('/new-checkout', deep, clientKey);
    expect(res.status).toBe(400);
    expect(res.body.errorCode).toBe('INVALID_CONTEXT');
    expect(typeof res.body.errorDetails).toBe('string');
    const odd = await ofrep(
      '/banner',
      { context: { org: { plan: ['pro', { x: 1 }] }, n: null, list: [[1]] } },
      clientKey,
    );
    expect(odd.status).toBe(200);
    expect(odd.body.value).toBe('Hello');
  });

  it('a body that is not JSON is refused, not a 500', async () => {
    const res = await fetch(`${t.url}/ofrep/v1/evaluate/flags`, {
      method: 'POST',
      headers: { 'x-api-key': clientKey, 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(res.status).toBe(415);
    expect((await res.json()).errorCode).toBe('PARSE_ERROR');
  });
});

describe('POST /ofrep/v1/evaluate/flags (bulk)', () => {
  it('answers every flag, per-flag failures included, with an ETag and an event stream', async () => {
    const res = await ofrep('', { context: { targetingKey: 'vip-1' } }, clientKey);
    expect(res.status).toBe(200);
    expect(res.body.flags).toEqual([
      {
        key: 'banner',
        value: 'Hello',
        variant: 'a',
        reason: 'DEFAULT',
        metadata: { switchyardReason: 'FALLTHROUGH' },
      },
      {
        key: 'limits',
        value: { rps: 10 },
        variant: 'small',
        reason: 'DISABLED',
        metadata: { switchyardReason: 'OFF' },
      },
      {
        key: 'new-checkout',
        value: true,
        variant: 'on',
        reason: 'TARGETING_MATCH',
        metadata: { switchyardReason: 'TARGET_MATCH' },
      },
    ]);
    // The revision and epoch of the ruleset the values come from, as SDKs asking with ?epoch=1 get them.
    const ruleset = await fetch(`${t.url}/sdk/v1/ruleset?epoch=1`, {
      headers: { authorization: `Bearer ${serverKey}` },
    }).then((r) => r.json());
    expect(ruleset.epoch).toEqual(expect.any(String));
    expect(res.body.metadata).toEqual({ revision: ruleset.revision, epoch: ruleset.epoch });
    expect(res.headers.get('etag')).toMatch(/^"\d+-[\w-]+"$/);
    expect(res.body.eventStreams).toEqual([
      { type: 'sse', endpoint: { requestUri: `/ofrep/v1/events?key=${clientKey}` }, inactivityDelaySec: 120 },
    ]);
    const anonymous = await ofrep('', { context: {} }, clientKey);
    expect(anonymous.body.flags[2]).toMatchObject({
      key: 'new-checkout',
      errorCode: 'TARGETING_KEY_MISSING',
    });
  });

  it('needs a client key', async () => {
    expect((await ofrep('', { context: {} }, serverKey)).status).toBe(403);
  });

  it('answers 304 to If-None-Match until the ruleset or the context changes', async () => {
    const first = await ofrep('', { context: { targetingKey: 'u-1', plan: 'pro' } }, clientKey);
    const tag = first.headers.get('etag') as string;
    const again = await ofrep('', { context: { plan: 'pro', targetingKey: 'u-1' } }, clientKey, {
      'if-none-match': tag,
    });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(tag);
    const otherContext = await ofrep('', { context: { targetingKey: 'u-2', plan: 'pro' } }, clientKey, {
      'if-none-match': tag,
    });
    expect(otherContext.status).toBe(200);
    expect(otherContext.headers.get('etag')).not.toBe(tag);

    await t.api('POST', `${flagPath('banner')}/disable`);
    const afterChange = await ofrep('', { context: { targetingKey: 'u-1', plan: 'pro' } }, clientKey, {
      'if-none-match': tag,
    });
    expect(afterChange.status).toBe(200);
    expect(afterChange.headers.get('etag')).not.toBe(tag);
    expect(afterChange.body.flags[0]).toMatchObject({ key: 'banner', reason: 'DISABLED' });
    await t.api('POST', `${flagPath('banner')}/enable`);
  });
});

describe('GET /ofrep/v1/events', () => {
  it('sends refetchEvaluation with the revision as id on every change, and one at once for a stale Last-Event-ID', async () => {
    const bulk = await ofrep('', { context: {} }, clientKey);
    const url = `${t.url}${bulk.body.eventStreams[0].endpoint.requestUri}`;
    const stream = await openSseClient(url, { origin: ORIGIN });
    expect(stream.status).toBe(200);
    await t.api('POST', `${flagPath('new-checkout')}/rollout`, { percentage: 60 });
    const event = await stream.next((e) => e.event === 'message');
    expect(event.data).toEqual({ type: 'refetchEvaluation', etag: event.id });
    const revision = Number(event.id);
    expect(revision).toBeGreaterThan(bulk.body.metadata.revision);
    stream.close();

    // The etag of the event, sent back as flagConfigEtag, is the revision the refetch reflects.
    const refetch = await t.api(
      'POST',
      `/ofrep/v1/evaluate/flags?flagConfigEtag=${event.id}`,
      { context: {} },
      {
        token: null,
        headers: { 'x-api-key': clientKey },
      },
    );
    expect(refetch.body.metadata.revision).toBeGreaterThanOrEqual(revision);

    const resumed = await openSseClient(url, { 'last-event-id': String(revision - 1) });
    expect((await resumed.next((e) => e.event === 'message')).id).toBe(String(revision));
    resumed.close();
  });

  it('refuses a stream without a client key', async () => {
    expect((await fetch(`${t.url}/ofrep/v1/events`)).status).toBe(401);
    expect((await fetch(`${t.url}/ofrep/v1/events?key=${serverKey}`)).status).toBe(403);
  });
});

describe('CORS on the OFREP routes', () => {
  it('lets a configured origin send If-None-Match and X-API-Key and read the ETag', async () => {
    const preflight = await fetch(`${t.url}/ofrep/v1/evaluate/flags`, {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,if-none-match,x-api-key',
      },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const allowed = preflight.headers.get('access-control-allow-headers') ?? '';
    for (const header of ['if-none-match', 'x-api-key', 'content-type']) expect(allowed).toContain(header);
    const res = await ofrep('', { context: {} }, clientKey, { origin: ORIGIN });
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('access-control-expose-headers')).toMatch(/etag/i);
    const stranger = await ofrep('', { context: {} }, clientKey, { origin: 'https://evil.example' });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
  });
});
