import { booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const flagPath = (key: string, env = 'production') => `/api/v1/environments/${env}/flags/${key}`;

describe('flags CRUD', () => {
  it('creates a flag with 201, version 1 and an ETag, then reads it back', async () => {
    const created = await t.api('PUT', flagPath('crud-create'), booleanFlag('crud-create', 5));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key: 'crud-create', version: 1, enabled: true });
    expect(created.headers.get('etag')).toBe('"1"');

    const read = await t.api('GET', flagPath('crud-create'));
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
    expect(read.headers.get('etag')).toBe('"1"');
  });

  it('takes the key from the URL when the body has none, and refuses a different one', async () => {
    const { key: _, ...body } = booleanFlag('from-url');
    expect((await t.api('PUT', flagPath('from-url'), body)).status).toBe(201);
    const mismatch = await t.api('PUT', flagPath('other-key'), booleanFlag('from-url'));
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.details).toEqual([
      { path: 'key', message: expect.stringContaining('other-key') },
    ]);
  });

  it('replaces with 200 and the next version; lists flags with their percentage', async () => {
    await t.api('PUT', flagPath('crud-replace'), booleanFlag('crud-replace', 5));
    const replaced = await t.api(
      'PUT',
      flagPath('crud-replace'),
      booleanFlag('crud-replace', 10, { description: 'ten' }),
    );
    expect(replaced.status).toBe(200);
    expect(replaced.body.version).toBe(2);
    const list = await t.api('GET', '/api/v1/environments/production/flags');
    expect(list.body.flags.find((f: { key: string }) => f.key === 'crud-replace')).toMatchObject({
      version: 2,
      percentage: 10,
      description: 'ten',
    });
  });

  it('answers a stale If-Match with 409 and the current version, and changes nothing', async () => {
    await t.api('PUT', flagPath('guarded'), booleanFlag('guarded', 5));
    await t.api('PUT', flagPath('guarded'), booleanFlag('guarded', 6));
    const stale = await t.api('PUT', flagPath('guarded'), booleanFlag('guarded', 50), {
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'SY_ERR_CONFLICT', details: { currentVersion: 2 } });
    expect(stale.headers.get('etag')).toBe('"2"');
    expect((await t.api('GET', flagPath('guarded'))).body.version).toBe(2);

    const fresh = await t.api('PUT', flagPath('guarded'), booleanFlag('guarded', 50), {
      headers: { 'if-match': '"2"' },
    });
    expect(fresh.status).toBe(200);
    expect(fresh.body.version).toBe(3);
  });

  it('creates only with If-None-Match: *, refusing to replace an existing flag', async () => {
    const created = await t.api('PUT', flagPath('create-only'), booleanFlag('create-only'), {
      headers: { 'if-none-match': '*' },
    });
    expect(created.status).toBe(201);
    const again = await t.api('PUT', flagPath('create-only'), booleanFlag('create-only', 50), {
      headers: { 'if-none-match': '*' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'SY_ERR_ALREADY_EXISTS', details: { currentVersion: 1 } });
    expect((await t.api('GET', flagPath('create-only'))).body.version).toBe(1);
  });

  it('deletes with 204, then 404; history survives and versions continue after re-creation', async () => {
    await t.api('PUT', flagPath('short-lived'), booleanFlag('short-lived'));
    expect((await t.api('DELETE', flagPath('short-lived'))).status).toBe(204);
    expect((await t.api('GET', flagPath('short-lived'))).body.error.code).toBe('SY_ERR_FLAG_NOT_FOUND');
    expect((await t.api('DELETE', flagPath('short-lived'))).status).toBe(404);
    const history = await t.api('GET', `${flagPath('short-lived')}/history`);
    expect(history.body.versions.map((v: { version: number }) => v.version)).toEqual([1]);
    const again = await t.api('PUT', flagPath('short-lived'), booleanFlag('short-lived'));
    expect(again.body.version).toBe(2);
  });

  it('404s for an unknown environment and flag, naming which', async () => {
    expect((await t.api('GET', flagPath('x', 'staging'))).body.error.code).toBe(
      'SY_ERR_ENVIRONMENT_NOT_FOUND',
    );
    expect((await t.api('PUT', flagPath('x', 'staging'), booleanFlag('x'))).status).toBe(404);
    expect((await t.api('GET', flagPath('nope'))).body.error.code).toBe('SY_ERR_FLAG_NOT_FOUND');
  });
});

describe('flag validation names the offending field', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    [
      'a variant value of the wrong type',
      { type: 'string', variants: { a: 'x', b: 2 }, offVariant: 'a', fallthrough: { variant: 'a' } },
      'variants.b',
    ],
    ['a boolean flag with other variants', { variants: { on: true, off: false, maybe: true } }, 'variants'],
    [
      'weights not summing to 100000',
      {
        fallthrough: {
          rollout: {
            variants: [
              { variant: 'on', weight: 5000 },
              { variant: 'off', weight: 5000 },
            ],
          },
        },
      },
      'fallthrough.rollout.variants',
    ],
    [
      'a fractional weight',
      {
        fallthrough: {
          rollout: {
            variants: [
              { variant: 'on', weight: 5000.5 },
              { variant: 'off', weight: 94999.5 },
            ],
          },
        },
      },
      'fallthrough.rollout.variants.0.weight',
    ],
    [
      'a rollout naming an unknown variant',
      {
        fallthrough: {
          rollout: {
            variants: [
              { variant: 'on', weight: 5000 },
              { variant: 'maybe', weight: 95000 },
            ],
          },
        },
      },
      'fallthrough.rollout.variants.1.variant',
    ],
    ['an unknown offVariant', { offVariant: 'nope' }, 'offVariant'],
    [
      'a target naming an unknown variant',
      { targets: [{ variant: 'nope', values: ['u1'] }] },
      'targets.0.variant',
    ],
    [
      'a rule serving an unknown variant',
      { rules: [{ clauses: [], serve: { variant: 'nope' } }] },
      'rules.0.serve.variant',
    ],
    [
      'a number operator with a string',
      { rules: [{ clauses: [{ attribute: 'age', op: 'lt', values: ['x'] }], serve: { variant: 'on' } }] },
      'rules.0.clauses.0.values.0',
    ],
    [
      'an unparseable semver',
      {
        rules: [{ clauses: [{ attribute: 'v', op: 'semverGt', values: ['1.x'] }], serve: { variant: 'on' } }],
      },
      'rules.0.clauses.0.values.0',
    ],
    [
      'an unparseable date',
      {
        rules: [
          { clauses: [{ attribute: 'd', op: 'before', values: ['yesterday'] }], serve: { variant: 'on' } },
        ],
      },
      'rules.0.clauses.0.values.0',
    ],
    [
      'a regex that does not compile',
      {
        rules: [
          { clauses: [{ attribute: 'e', op: 'matches', values: ['(unclosed'] }], serve: { variant: 'on' } },
        ],
      },
      'rules.0.clauses.0.values.0',
    ],
    [
      'a regex over 1024 characters',
      {
        rules: [
          {
            clauses: [{ attribute: 'e', op: 'matches', values: ['a'.repeat(1025)] }],
            serve: { variant: 'on' },
          },
        ],
      },
      'rules.0.clauses.0.values.0',
    ],
    [
      'an unknown operator',
      { rules: [{ clauses: [{ attribute: 'e', op: 'like', values: ['x'] }], serve: { variant: 'on' } }] },
      'rules.0.clauses.0.op',
    ],
    ['an unknown field', { colour: 'blue' }, 'colour'],
    ['a version in the body', { version: 3 }, 'version'],
    ['a missing fallthrough', { fallthrough: undefined }, 'fallthrough'],
  ];

  it.each(cases)('rejects %s with 400 naming %s', async (_, change, path) => {
    const res = await t.api('PUT', flagPath('invalid'), { ...booleanFlag('invalid'), ...change });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('SY_ERR_VALIDATION');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(res.body.error.message).toContain(path);
  });

  it('rejects a bad key in the URL', async () => {
    const res = await t.api('PUT', flagPath('-bad key'), booleanFlag('-bad key'));
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('key');
  });

  it('rejects a body that is not an object', async () => {
    for (const body of ['[]', '"flag"', '42', 'null']) {
      const res = await t.api('PUT', flagPath('invalid'), body);
      expect(res.status).toBe(400);
    }
  });
});

describe('ramping, kill switch, history and restore', () => {
  it('ramps 5 → 25 keeping the variant order, so users who were in stay in', async () => {
    const flag = booleanFlag('ramp-order', 5);
    flag.fallthrough.rollout.variants.reverse(); // off first, on second: must stay that way
    await t.api('PUT', flagPath('ramp-order'), flag);
    const res = await t.api('POST', `${flagPath('ramp-order')}/rollout`, { percentage: 25 });
    expect(res.status).toBe(200);
    expect(res.body.fallthrough.rollout.variants).toEqual([
      { variant: 'off', weight: 75_000 },
      { variant: 'on', weight: 25_000 },
    ]);
    expect(res.body.version).toBe(2);
  });

  it('turns a fixed fallthrough into a rollout and accepts 3 decimals', async () => {
    await t.api('PUT', flagPath('ramp-fixed'), {
      ...booleanFlag('ramp-fixed'),
      fallthrough: { variant: 'off' },
    });
    const res = await t.api('POST', `${flagPath('ramp-fixed')}/rollout`, { percentage: 0.125 });
    expect(res.body.fallthrough).toEqual({
      rollout: {
        variants: [
          { variant: 'on', weight: 125 },
          { variant: 'off', weight: 99_875 },
        ],
      },
    });
  });

  it.each([[101], [-1], [1.0001], ['5'], [null]])('rejects percentage %j with 400', async (percentage) => {
    await t.api('PUT', flagPath('ramp-bad'), booleanFlag('ramp-bad'));
    const res = await t.api('POST', `${flagPath('ramp-bad')}/rollout`, { percentage });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('percentage');
  });

  it('refuses to ramp a non-boolean flag', async () => {
    await t.api('PUT', flagPath('ramp-string'), {
      type: 'string',
      variants: { a: 'x', b: 'y' },
      enabled: true,
      offVariant: 'a',
      fallthrough: { variant: 'b' },
    });
    const res = await t.api('POST', `${flagPath('ramp-string')}/rollout`, { percentage: 5 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('SY_ERR_NOT_BOOLEAN');
  });

  it('disables and enables (kill switch), each a new version, honouring If-Match', async () => {
    await t.api('PUT', flagPath('kill'), booleanFlag('kill', 5));
    const off = await t.api('POST', `${flagPath('kill')}/disable`);
    expect(off.body).toMatchObject({ enabled: false, version: 2 });
    const stale = await t.api('POST', `${flagPath('kill')}/enable`, undefined, {
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(409);
    const on = await t.api('POST', `${flagPath('kill')}/enable`, undefined, {
      headers: { 'if-match': '"2"' },
    });
    expect(on.body).toMatchObject({ enabled: true, version: 3 });
  });

  it('lists every version newest first and restores an old one as a new version', async () => {
    await t.api('PUT', flagPath('restore-me'), booleanFlag('restore-me', 5));
    await t.api('POST', `${flagPath('restore-me')}/rollout`, { percentage: 25 });
    const history = await t.api('GET', `${flagPath('restore-me')}/history`);
    expect(history.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const restored = await t.api('POST', `${flagPath('restore-me')}/restore`, { version: 1 });
    expect(restored.status).toBe(200);
    expect(restored.body.version).toBe(3);
    expect(restored.body.fallthrough.rollout.variants[0]).toEqual({ variant: 'on', weight: 5000 });
    expect((await t.api('POST', `${flagPath('restore-me')}/restore`, { version: 9 })).body.error.code).toBe(
      'SY_ERR_VERSION_NOT_FOUND',
    );
  });

  it('lets exactly one of 50 concurrent ramps with the same If-Match win', async () => {
    const created = await t.api('PUT', flagPath('contended'), booleanFlag('contended', 1));
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.api(
          'POST',
          `${flagPath('contended')}/rollout`,
          { percentage: 2 + i },
          { headers: { 'if-match': `"${created.body.version}"` } },
        ),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const winner = results.find((r) => r.status === 200);
    expect((await t.api('GET', flagPath('contended'))).body).toEqual(winner?.body);
  });

  it('applies 20 concurrent ramps without If-Match one after another, losing none', async () => {
    await t.api('PUT', flagPath('unguarded'), booleanFlag('unguarded', 0));
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.api('POST', `${flagPath('unguarded')}/rollout`, { percentage: i + 1 }),
      ),
    );
    const history = await t.api('GET', `${flagPath('unguarded')}/history`);
    expect(history.body.versions).toHaveLength(21);
  });
});
