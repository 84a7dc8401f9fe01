import { booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('environments', () => {
  it('starts with development and production, creates more, refuses duplicates and bad keys', async () => {
    const list = await t.api('GET', '/api/v1/environments');
    expect(list.body.environments.map((e: { key: string }) => e.key)).toEqual(['development', 'production']);
    const created = await t.api('POST', '/api/v1/environments', { key: 'staging', name: 'Staging' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key: 'staging', name: 'Staging' });
    expect((await t.api('POST', '/api/v1/environments', { key: 'staging' })).status).toBe(409);
    const bad = await t.api('POST', '/api/v1/environments', { key: 'no spaces' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('key');
    expect((await t.api('PUT', '/api/v1/environments/staging/flags/s', booleanFlag('s'))).status).toBe(201);
  });

  it('marks production critical (the console reviews its changes) and takes critical on create', async () => {
    const list = (await t.api('GET', '/api/v1/environments')).body.environments;
    expect(list.find((e: { key: string }) => e.key === 'production').critical).toBe(true);
    expect(list.find((e: { key: string }) => e.key === 'development').critical).toBeUndefined();
    const created = await t.api('POST', '/api/v1/environments', { key: 'eu-prod', critical: true });
    expect(created.body).toMatchObject({ key: 'eu-prod', critical: true });
    const bad = await t.api('POST', '/api/v1/environments', { key: 'x', critical: 'yes' });
    expect(bad.body.error.details[0].path).toBe('critical');
  });
});

describe('reasons and segment references', () => {
  it('keeps the reason a write gives in its audit entry, and refuses a blank or long one naming it', async () => {
    const flag = '/api/v1/environments/development/flags/reasoned';
    await t.api('PUT', `${flag}?reason=first%20cut`, booleanFlag('reasoned', 0));
    await t.api('POST', `${flag}/rollout?reason=${encodeURIComponent('canary clean for 2h')}`, {
      percentage: 10,
    });
    const entries = (await t.api('GET', '/api/v1/audit?environment=development&flag=reasoned')).body.entries;
    expect(entries.map((e: { action: string; reason?: string }) => [e.action, e.reason])).toEqual([
      ['flag.rollout', 'canary clean for 2h'],
      ['flag.put', 'first cut'],
    ]);
    for (const reason of ['%20%20', 'x'.repeat(501)]) {
      const refused = await t.api('POST', `${flag}/disable?reason=${reason}`);
      expect(refused.status).toBe(400);
      expect(refused.body.error.details[0].path).toBe('reason');
    }
    expect((await t.api('GET', flag)).body.enabled).toBe(true);
  });

  it('refuses an inSegment clause naming a segment the environment does not have', async () => {
    const doc = {
      ...booleanFlag('segmented', 0),
      rules: [{ clauses: [{ op: 'inSegment', values: ['beta-testerz'] }], serve: { variant: 'on' } }],
    };
    const refused = await t.api('PUT', '/api/v1/environments/development/flags/segmented', doc);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('SY_ERR_VALIDATION');
    expect(refused.body.error.message).toContain('no segment "beta-testerz" in "development"');
    expect(refused.body.error.details).toEqual([
      { path: 'rules.0.clauses.0.values.0', message: 'no segment "beta-testerz" in "development"' },
    ]);
    await t.api('PUT', '/api/v1/environments/development/segments/beta-testerz', { included: ['u-1'] });
    expect((await t.api('PUT', '/api/v1/environments/development/flags/segmented', doc)).status).toBe(201);
  });
});

describe('segments', () => {
  const path = '/api/v1/environments/production/segments/beta-testers';

  it('creates, reads, lists, replaces with If-Match and deletes', async () => {
    const created = await t.api('PUT', path, {
      included: ['user-2'],
      excluded: ['user-3'],
      rules: [{ clauses: [{ attribute: 'plan', op: 'in', values: ['enterprise'] }] }],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key: 'beta-testers', version: 1, included: ['user-2'] });
    expect(created.headers.get('etag')).toBe('"1"');
    expect((await t.api('GET', path)).body).toEqual(created.body);
    expect((await t.api('GET', '/api/v1/environments/production/segments')).body.segments).toHaveLength(1);
    expect((await t.api('PUT', path, { included: [] }, { headers: { 'if-match': '"7"' } })).status).toBe(409);
    const replaced = await t.api('PUT', path, { included: ['user-9'] }, { headers: { 'if-match': '"1"' } });
    expect(replaced.body).toMatchObject({ version: 2, included: ['user-9'], excluded: [], rules: [] });
    expect((await t.api('DELETE', path)).status).toBe(204);
    expect((await t.api('GET', path)).body.error.code).toBe('SY_ERR_SEGMENT_NOT_FOUND');
  });

  it('validates segments, naming the field', async () => {
    const res = await t.api('PUT', path, { rules: [{ clauses: [{ op: 'inSegment', values: ['other'] }] }] });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toMatch(/^rules\.0\.clauses\.0/);
    const unknown = await t.api('PUT', path, { members: [] });
    expect(unknown.body.error.details[0].path).toBe('members');
  });
});

describe('audit log', () => {
  it('records who, what, when, before and after, newest first, filtered and limited', async () => {
    const flag = '/api/v1/environments/production/flags/audited';
    await t.api('PUT', flag, booleanFlag('audited', 5));
    await t.api('POST', `${flag}/rollout`, { percentage: 25 });
    await t.api('POST', `${flag}/disable`);
    const res = await t.api('GET', '/api/v1/audit?environment=production&flag=audited&limit=2');
    expect(res.status).toBe(200);
    const [last, previous] = res.body.entries;
    expect(res.body.entries).toHaveLength(2);
    expect(last).toMatchObject({
      action: 'flag.disable',
      environment: 'production',
      resource: { kind: 'flag', key: 'audited' },
      actor: { name: 'SWITCHYARD_ADMIN_TOKEN' },
      before: { enabled: true, version: 2 },
      after: { enabled: false, version: 3 },
    });
    expect(Date.parse(last.at)).toBeGreaterThan(Date.now() - 60_000);
    expect(previous).toMatchObject({ action: 'flag.rollout', after: { version: 2 } });
    expect((await t.api('GET', '/api/v1/audit?limit=0')).status).toBe(400);
  });
});
