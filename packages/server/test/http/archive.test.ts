import { booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const FLAGS = '/api/v1/environments/production/flags';
let t: TestServer;
let serverKey: string;
let clientKey: string;

beforeAll(async () => {
  t = await startTestServer();
  serverKey = await t.createKey('server', 'production');
  clientKey = await t.createKey('client', 'production');
  await t.api('PUT', `${FLAGS}/api-v2`, booleanFlag('api-v2', 100));
  await t.api(
    'PUT',
    `${FLAGS}/checkout`,
    booleanFlag('checkout', 25, { prerequisites: [{ flag: 'api-v2', variant: 'on' }] }),
  );
});
afterAll(async () => {
  await t.close();
});

const rulesetKeys = async () =>
  Object.keys((await t.api('GET', '/sdk/v1/ruleset', undefined, { token: serverKey })).body.flags).sort();

describe('archiving flags', () => {
  it('refuses to archive a flag that other flags name as a prerequisite, naming them', async () => {
    const res = await t.api('POST', `${FLAGS}/api-v2/archive`);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'SY_ERR_FLAG_IN_USE', details: { flags: ['checkout'] } });
    expect(res.body.error.message).toContain('"checkout"');
  });

  it('takes an archived flag out of SDK rulesets and the flag list, keeping it readable with its history', async () => {
    const before = (await t.api('GET', `${FLAGS}/checkout`)).body;
    const res = await t.api('POST', `${FLAGS}/checkout/archive`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ archived: true, version: before.version + 1 });
    expect(await rulesetKeys()).toEqual(['api-v2']);
    const evaluated = await t.api(
      'POST',
      '/sdk/v1/evaluate',
      { context: { userId: 'u-1' } },
      { token: clientKey },
    );
    expect(Object.keys(evaluated.body.flags)).toEqual(['api-v2']);
    expect((await t.api('GET', FLAGS)).body.flags.map((f: { key: string }) => f.key)).toEqual(['api-v2']);
    expect(
      (await t.api('GET', '/api/v1/environments/production/archived-flags')).body.flags.map(
        (f: { key: string }) => f.key,
      ),
    ).toEqual(['checkout']);
    expect((await t.api('GET', `${FLAGS}/checkout`)).body.archived).toBe(true);
    expect((await t.api('GET', `${FLAGS}/checkout/history`)).body.versions).toHaveLength(2);
    const audit = (await t.api('GET', '/api/v1/audit?flag=checkout&limit=1')).body.entries[0];
    expect(audit).toMatchObject({ action: 'flag.archive' });
  });

  it('refuses changes to an archived flag until it is unarchived, then serves it as it was', async () => {
    for (const [method, path, body] of [
      ['PUT', `${FLAGS}/checkout`, booleanFlag('checkout', 50)],
      ['POST', `${FLAGS}/checkout/rollout`, { percentage: 50 }],
      ['POST', `${FLAGS}/checkout/enable`, undefined],
    ] as const) {
      const res = await t.api(method, path, body);
      expect(res.status, path).toBe(409);
      expect(res.body.error.code).toBe('SY_ERR_FLAG_ARCHIVED');
    }
    // With the dependent archived, the prerequisite may go too.
    expect((await t.api('POST', `${FLAGS}/api-v2/archive`)).status).toBe(200);
    expect(await rulesetKeys()).toEqual([]);
    expect((await t.api('POST', `${FLAGS}/api-v2/unarchive`)).status).toBe(200);

    const res = await t.api('POST', `${FLAGS}/checkout/unarchive`);
    expect(res.status).toBe(200);
    expect(res.body.archived).toBeUndefined();
    expect(res.body.fallthrough.rollout.variants[0]).toEqual({ variant: 'on', weight: 25_000 });
    expect(await rulesetKeys()).toEqual(['api-v2', 'checkout']);
    expect((await t.api('POST', `${FLAGS}/checkout/unarchive`)).body.version).toBe(res.body.version);
  });

  it('tells connected SDK streams that an archived flag is gone', async () => {
    const { openSseClient } = await import('../support/sse-client.js');
    const stream = await openSseClient(`${t.url}/sdk/v1/stream`, { authorization: `Bearer ${serverKey}` });
    try {
      await stream.next((e) => e.event === 'put');
      await t.api('POST', `${FLAGS}/checkout/archive`);
      const gone = await stream.next((e) => e.event !== 'put');
      expect(gone.event).toBe('delete');
      expect(gone.data).toMatchObject({ kind: 'flag', key: 'checkout' });
    } finally {
      stream.close();
    }
  });
});
