import type { Flag } from '@switchyard/shared';
import { booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyStale, servingSince, singleVariantOf } from '../../src/lifecycle/stale-flags.js';

const DAY = 86_400_000;
const flag = (percentage: number, extra: Record<string, unknown> = {}, version = 1): Flag =>
  ({ ...booleanFlag('f', percentage, extra), version }) as Flag;

describe('singleVariantOf', () => {
  const rule = (serve: unknown) => ({ rules: [{ clauses: [], serve }] });
  it.each([
    ['100% on', flag(100), 'on'],
    ['0% on', flag(0), 'off'],
    ['a ramp', flag(30), null],
    ['off', flag(30, { enabled: false }), 'off'],
    ['a fixed fallthrough', flag(0, { fallthrough: { variant: 'on' } }), 'on'],
    ['a rule serving the same variant', flag(100, rule({ variant: 'on' })), 'on'],
    ['a rule serving another variant', flag(100, rule({ variant: 'off' })), null],
    [
      'a rule with a rollout',
      flag(
        100,
        rule({
          rollout: {
            variants: [
              { variant: 'on', weight: 50_000 },
              { variant: 'off', weight: 50_000 },
            ],
          },
        }),
      ),
      null,
    ],
    ['a target of another variant', flag(100, { targets: [{ variant: 'off', values: ['u-1'] }] }), null],
    ['an empty target list', flag(100, { targets: [{ variant: 'off', values: [] }] }), 'on'],
    [
      'prerequisites with on for the rest',
      flag(100, { prerequisites: [{ flag: 'p', variant: 'on' }] }),
      null,
    ],
    [
      'prerequisites with off for everyone',
      flag(0, { prerequisites: [{ flag: 'p', variant: 'on' }] }),
      'off',
    ],
  ])('%s', (_, f, expected) => {
    expect(singleVariantOf(f)).toBe(expected);
  });
});

describe('servingSince', () => {
  const times = new Map([
    [4, 4000],
    [3, 3000],
    [2, 2000],
    [1, 1000],
  ]);
  it('is the oldest version of the newest unbroken run serving the variant', () => {
    const history = [flag(100, {}, 4), flag(100, { description: 'x' }, 3), flag(50, {}, 2), flag(100, {}, 1)];
    expect(servingSince(history, 'on', (v) => times.get(v) ?? null)).toBe(3000);
  });
  it('keeps the newest known time when older write times are gone', () => {
    const history = [flag(100, {}, 4), flag(100, {}, 3)];
    expect(servingSince(history, 'on', (v) => (v === 4 ? 4000 : null))).toBe(4000);
  });
});

describe('classifyStale', () => {
  const base = {
    environment: 'production',
    now: 30 * DAY,
    launchedAfterMs: 7 * DAY,
    inactiveAfterMs: 7 * DAY,
    createdAt: 0,
    metricsFrom: 23 * DAY,
  };
  it('reports a flag serving one variant for the threshold as launched', () => {
    const r = classifyStale({ ...base, flag: flag(100), servingSince: 20 * DAY, lastEvaluatedAt: 30 * DAY });
    expect(r).toMatchObject({ status: 'launched', since: new Date(20 * DAY).toISOString() });
    expect(r?.reason).toMatch(/served "on" to everyone for 10 days/);
    expect(
      classifyStale({ ...base, flag: flag(100), servingSince: 24 * DAY, lastEvaluatedAt: 30 * DAY }),
    ).toBeNull();
  });
  it('reports a flag no SDK evaluated for the threshold as inactive', () => {
    const r = classifyStale({ ...base, flag: flag(30), servingSince: null, lastEvaluatedAt: 22 * DAY });
    expect(r).toMatchObject({ status: 'inactive', since: new Date(22 * DAY).toISOString() });
    expect(
      classifyStale({ ...base, flag: flag(30), servingSince: null, lastEvaluatedAt: 24 * DAY }),
    ).toBeNull();
    // Never evaluated within the metrics kept: quiet at least since they begin.
    expect(
      classifyStale({ ...base, flag: flag(30), servingSince: null, lastEvaluatedAt: null })?.reason,
    ).toMatch(/at least 7 days/);
    // A young flag is not inactive yet.
    expect(
      classifyStale({
        ...base,
        flag: flag(30),
        servingSince: null,
        lastEvaluatedAt: null,
        createdAt: 25 * DAY,
      }),
    ).toBeNull();
  });
  it('never reports permanent or archived flags', () => {
    for (const extra of [{ lifecycle: 'permanent' }, { archived: true }]) {
      expect(
        classifyStale({ ...base, flag: flag(100, extra), servingSince: 0, lastEvaluatedAt: null }),
      ).toBeNull();
    }
  });
});

describe('GET /api/v1/stale-flags', () => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.close();
  });

  it('lists launched and inactive temporary flags per environment, from history, audit and metrics', async () => {
    const realStart = Date.now();
    let clock = realStart;
    t = await startTestServer({ now: () => clock, planTickMs: 0 });
    const flags = '/api/v1/environments/production/flags';
    await t.api('PUT', `${flags}/launched`, booleanFlag('launched', 5));
    await t.api('POST', `${flags}/launched/rollout`, { percentage: 100 });
    await t.api('PUT', `${flags}/killed`, booleanFlag('killed', 50, { enabled: false }));
    await t.api('PUT', `${flags}/forgotten`, booleanFlag('forgotten', 30));
    await t.api('PUT', `${flags}/busy`, booleanFlag('busy', 30));
    await t.api('PUT', `${flags}/kill-switch`, booleanFlag('kill-switch', 100, { lifecycle: 'permanent' }));
    await t.api('PUT', '/api/v1/environments/development/flags/forgotten', booleanFlag('forgotten', 30));
    const serverKey = await t.createKey('server', 'production');

    // Five days on, nothing is stale yet; eight days on, busy is still evaluated.
    clock = realStart + 5 * 86_400_000;
    expect((await t.api('GET', '/api/v1/stale-flags?environment=production')).body).toEqual({ flags: [] });
    clock = realStart + 8 * 86_400_000 - 3_600_000;
    const batch = { metrics: [{ flag: 'busy', variant: 'on', evaluations: 10 }] };
    expect((await t.api('POST', '/sdk/v1/events', batch, { token: serverKey })).status).toBe(202);
    await t.api('GET', `${flags}/busy/metrics?minutes=5`);

    clock = realStart + 8 * 86_400_000;
    const res = await t.api('GET', '/api/v1/stale-flags?environment=production');
    expect(res.status).toBe(200);
    const byKey = Object.fromEntries(res.body.flags.map((f: { key: string }) => [f.key, f]));
    expect(Object.keys(byKey).sort()).toEqual(['forgotten', 'killed', 'launched']);
    expect(byKey.launched).toMatchObject({ environment: 'production', status: 'launched' });
    expect(byKey.launched.reason).toMatch(/served "on" to everyone for 8 days/);
    expect(Date.parse(byKey.launched.since)).toBeGreaterThanOrEqual(realStart);
    expect(byKey.killed).toMatchObject({ status: 'launched', reason: expect.stringMatching(/been off/) });
    expect(byKey.forgotten).toMatchObject({ status: 'inactive' });

    const all = await t.api('GET', '/api/v1/stale-flags');
    expect(
      all.body.flags.map((f: { environment: string; key: string }) => `${f.environment}/${f.key}`),
    ).toContain('development/forgotten');
    expect((await t.api('GET', '/api/v1/stale-flags?environment=nope')).status).toBe(404);
    expect((await t.api('GET', '/api/v1/stale-flags?environment=No%20Way')).body.error.details[0].path).toBe(
      'environment',
    );
  });
});
