import { booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import { unleashExport } from '@switchyard/test-support/unleash-export';
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
      reassigned: [],
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

describe('POST /api/v1/environments/:env/import with an Unleash export', () => {
  const UNLEASH_IMPORT = '/api/v1/environments/staging/import';
  beforeAll(async () => {
    await t.api('POST', '/api/v1/environments', { key: 'staging' });
  });

  it('dry run: lists what it would create, the problems, and the share of each rollout that moves', async () => {
    const res = await t.api('POST', UNLEASH_IMPORT, {
      format: 'unleash',
      document: unleashExport(),
      dryRun: true,
    });
    expect(res.status).toBe(200);
    expect(res.body.created).toContain('new-checkout');
    expect(res.body.problems.map((p: { flag: string }) => p.flag)).toEqual([
      'office-only',
      'agent-filter',
      'staged-rollout',
      'random-sampling',
      'internal-tools',
    ]);
    const checkout = res.body.reassigned.find((r: { flag: string }) => r.flag === 'new-checkout');
    expect(checkout).toMatchObject({ construct: 'flexibleRollout 30%', sampled: 10_000 });
    // A 30% rollout hashed independently moves about 2 * 0.3 * 0.7 = 42% of its users.
    expect(checkout.share).toBeGreaterThan(0.39);
    expect(checkout.share).toBeLessThan(0.45);
    expect(res.body.warnings).toContainEqual(
      expect.objectContaining({ flag: 'new-checkout', construct: 'flexibleRollout 30%' }),
    );
    expect(res.body.applied).toBe(false);
    expect((await t.api('GET', '/api/v1/environments/staging/flags/new-checkout')).status).toBe(404);
  });

  it('writes nothing while flags have problems, and with skipProblems imports the rest with its segments', async () => {
    const stopped = await t.api('POST', UNLEASH_IMPORT, { format: 'unleash', document: unleashExport() });
    expect(stopped.body.applied).toBe(false);
    expect((await t.api('GET', '/api/v1/environments/staging/flags/beta-banner')).status).toBe(404);

    const res = await t.api('POST', UNLEASH_IMPORT, {
      format: 'unleash',
      document: unleashExport(),
      skipProblems: true,
    });
    expect(res.body.applied).toBe(true);
    expect((await t.api('GET', '/api/v1/environments/staging/segments/Beta-testers')).status).toBe(200);
    const key = await t.createKey('client', 'staging');
    const evaluate = (context: Record<string, unknown>) =>
      t.api('POST', '/sdk/v1/evaluate', { context }, { token: key }).then((r) => r.body.flags);
    const beta = await evaluate({ userId: 'b-1', email: 'bo@ACME.com', appVersion: '2.1.0', plan: 'pro' });
    expect(beta['beta-banner'].value).toBe(true);
    expect(beta['checkout-button'].value).toMatch(/^#/);
    const free = await evaluate({ userId: 'b-1', email: 'bo@acme.com', appVersion: '2.1.0', plan: 'free' });
    expect(free['beta-banner'].value).toBe(false);
    expect(free['legacy-search'].reason.kind).toBe('OFF');
  });

  it('answers 400 naming the path of a malformed export', async () => {
    const noFeatures = await t.api('POST', UNLEASH_IMPORT, { format: 'unleash', document: { segments: [] } });
    expect(noFeatures.status).toBe(400);
    expect(noFeatures.body.error.code).toBe('SY_ERR_VALIDATION');
    expect(noFeatures.body.error.details[0].path).toBe('document.features');
    const badStrategy = await t.api('POST', UNLEASH_IMPORT, {
      format: 'unleash',
      document: {
        features: [{ name: 'x' }],
        featureStrategies: [{ featureName: 'x', name: 'default', constraints: [{ operator: 'IN' }] }],
      },
    });
    expect(badStrategy.status).toBe(400);
    expect(badStrategy.body.error.details[0].path).toBe(
      'document.featureStrategies.0.constraints.0.contextName',
    );
  });
});
