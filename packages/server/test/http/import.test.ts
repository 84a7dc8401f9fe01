import { booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestServer;
let clientKey: string;
const IMPORT = '/api/v1/environments/production/import';

const FLAGD = {
  flags: {
    'new-checkout': {
      state: 'ENABLED',
      variants: { true: true, false: false },
      defaultVariant: 'false',
      targeting: {
        if: [
          { ends_with: [{ var: 'email' }, '@acme.com'] },
          'true',
          {
            fractional: [
              ['true', 10],
              ['false', 90],
            ],
          },
        ],
      },
    },
    banner: { state: 'DISABLED', variants: { a: 'Hi', b: 'Hello' }, defaultVariant: 'a' },
    'uses-regex': {
      state: 'ENABLED',
      variants: { on: true, off: false },
      defaultVariant: 'off',
      targeting: { if: [{ regex: [{ var: 'email' }, '.*'] }, 'on'] },
    },
  },
};

beforeAll(async () => {
  t = await startTestServer();
  clientKey = await t.createKey('client', 'production');
  await t.api('PUT', '/api/v1/environments/production/flags/banner', {
    key: 'banner',
    type: 'string',
    variants: { a: 'Hi', b: 'Hello' },
    enabled: true,
    offVariant: 'a',
    fallthrough: { variant: 'b' },
  });
});
afterAll(() => t.close());

describe('POST /api/v1/environments/:env/import', () => {
  it('names untranslatable flags and writes nothing while any flag has a problem', async () => {
    const res = await t.api('POST', IMPORT, { format: 'flagd', document: FLAGD });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      created: ['new-checkout'],
      updated: ['banner'],
      unchanged: [],
      problems: [{ flag: 'uses-regex', construct: 'regex' }],
      applied: false,
    });
    expect((await t.api('GET', '/api/v1/environments/production/flags/new-checkout')).status).toBe(404);
  });

  it('with skipProblems imports the rest; the imported flags evaluate as flagd would', async () => {
    const dry = await t.api('POST', IMPORT, {
      format: 'flagd',
      document: FLAGD,
      skipProblems: true,
      dryRun: true,
    });
    expect(dry.body.applied).toBe(false);
    const res = await t.api('POST', IMPORT, { format: 'flagd', document: FLAGD, skipProblems: true });
    expect(res.body).toMatchObject({ created: ['new-checkout'], updated: ['banner'], applied: true });
    const banner = (await t.api('GET', '/api/v1/environments/production/flags/banner')).body;
    expect(banner).toMatchObject({ enabled: false, offVariant: 'a', version: 2 });
    const evaluate = (context: Record<string, unknown>) =>
      t
        .api('POST', '/sdk/v1/evaluate', { context }, { token: clientKey })
        .then((r) => r.body.flags['new-checkout']);
    expect(await evaluate({ userId: 'x', email: 'ann@acme.com' })).toMatchObject({
      value: true,
      reason: { kind: 'RULE_MATCH' },
    });
    expect((await evaluate({ userId: 'x', email: 'ann@example.org' })).reason).toEqual({
      kind: 'FALLTHROUGH',
      inRollout: true,
    });

    const again = await t.api('POST', IMPORT, { format: 'flagd', document: FLAGD, skipProblems: true });
    expect(again.body).toMatchObject({
      created: [],
      updated: [],
      unchanged: ['new-checkout', 'banner'],
      applied: false,
    });
  });

  it('imports a Switchyard flags file, naming a bad flag by its key', async () => {
    const res = await t.api('POST', IMPORT, {
      format: 'switchyard',
      document: {
        segments: [{ key: 'beta', included: ['u-1'] }],
        flags: [booleanFlag('from-file', 25), { ...booleanFlag('broken'), offVariant: 'nope' }],
      },
      skipProblems: true,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      created: ['from-file'],
      problems: [{ flag: 'broken', construct: 'offVariant' }],
      applied: true,
    });
    expect((await t.api('GET', '/api/v1/environments/production/segments/beta')).status).toBe(200);
  });

  it('refuses a bad request with 400 naming the field, and an unknown environment with 404', async () => {
    const bad = await t.api('POST', IMPORT, { format: 'launchdarkly', document: {} });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('format');
    const notObject = await t.api('POST', IMPORT, { format: 'flagd', document: [] });
    expect(notObject.body.error.details[0].path).toBe('document');
    expect(
      (await t.api('POST', '/api/v1/environments/nope/import', { format: 'flagd', document: FLAGD })).status,
    ).toBe(404);
    const hostile = await t.api('POST', IMPORT, {
      format: 'flagd',
      document: { flags: { x: { variants: 'no' } } },
    });
    expect(hostile.status).toBe(200);
    expect(hostile.body.problems[0]).toMatchObject({ flag: 'x', construct: 'variants' });
  });
});
