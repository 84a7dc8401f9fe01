import { FlagdCore } from '@openfeature/flagd-core';
import { describe, expect, it } from 'vitest';
import { createEvaluator, type Flag, fromFlagd } from '../../src/index.js';
import { pick, random } from './generators.js';

// Flags written for flagd, imported, must serve every user what flagd serves: 100,000 generated users
// through @openfeature/flagd-core (flagd's own evaluator) and through Switchyard's engine.

const FLAGD = {
  $evaluators: { staff: { ends_with: [{ var: 'email' }, '@acme.com'] } },
  flags: {
    'half-rollout': {
      state: 'ENABLED',
      variants: { on: true, off: false },
      defaultVariant: 'off',
      targeting: {
        fractional: [
          ['on', 50],
          ['off', 50],
        ],
      },
    },
    'email-bucketed': {
      state: 'ENABLED',
      variants: { red: 'red', green: 'green', blue: 'blue', gray: 'gray' },
      defaultVariant: 'gray',
      targeting: {
        fractional: [
          { cat: [{ var: '$flagd.flagKey' }, { var: 'email' }] },
          ['red', 25],
          ['green', 25],
          ['blue', 50],
        ],
      },
    },
    'raw-bucketed': {
      state: 'ENABLED',
      variants: { a: 'a', b: 'b' },
      defaultVariant: 'a',
      targeting: { fractional: [{ var: 'accountId' }, ['a', 1], ['b', 3]] },
    },
    targeting: {
      state: 'ENABLED',
      variants: { yes: true, no: false },
      defaultVariant: 'no',
      targeting: {
        if: [
          { $ref: 'staff' },
          'yes',
          { and: [{ '==': [{ var: 'country' }, 'DE'] }, { '>=': [{ var: 'age' }, 18] }] },
          'yes',
          {
            or: [
              { in: [{ var: 'plan' }, ['pro', 'enterprise']] },
              { starts_with: [{ var: 'email' }, 'beta'] },
            ],
          },
          {
            fractional: [
              ['yes', 30],
              ['no', 70],
            ],
          },
          { sem_ver: [{ var: 'appVersion' }, '>=', '2.1.0'] },
          'no',
          { '<': [10, { var: 'age' }, 14] },
          'yes',
        ],
      },
    },
    tiers: {
      state: 'ENABLED',
      variants: { free: 'free', paid: 'paid', vip: 'vip' },
      defaultVariant: 'free',
      targeting: {
        if: [
          { in: ['vip', { var: 'email' }] },
          'vip',
          { sem_ver: [{ var: 'appVersion' }, '^', '3.0.0'] },
          { if: [{ '>': [{ var: 'age' }, 40] }, 'paid'] },
          { sem_ver: [{ var: 'appVersion' }, '~', '2.0.0'] },
          'paid',
        ],
      },
    },
    negations: {
      state: 'ENABLED',
      variants: { in: 'in', out: 'out' },
      defaultVariant: 'out',
      targeting: {
        if: [
          { '!': { in: [{ var: 'country' }, ['US', 'CA']] } },
          'in',
          { '!=': [{ var: 'plan' }, 'free'] },
          'in',
        ],
      },
    },
    'switched-off': {
      state: 'DISABLED',
      variants: { on: true, off: false },
      defaultVariant: 'off',
      targeting: {
        fractional: [
          ['on', 1],
          ['off', 1],
        ],
      },
    },
  },
};

/**
 * User i: every attribute present (a negation matches a missing attribute in flagd but not in
 * Switchyard, which the import reports as a warning), values drawn so that every rule is hit.
 */
function user(i: number, next: () => number): Record<string, string | number> {
  return {
    targetingKey: `user-${i}`,
    email: `${pick(next, ['ann', 'beta-bob', 'vip-cy', 'dan'])}${i}@${pick(next, ['acme.com', 'example.org'])}`,
    country: pick(next, ['DE', 'US', 'CA', 'FR']),
    age: Math.floor(next() * 80),
    plan: pick(next, ['free', 'pro', 'enterprise', 'team']),
    appVersion: pick(next, ['1.9.0', '2.0.5', '2.1.0', '2.3.1', '3.0.0', '3.4.2', '4.0.0']),
    accountId: `acct-${Math.floor(next() * 5000)}`,
  };
}

describe('flagd import against @openfeature/flagd-core', () => {
  it('translates every flag, and says where Switchyard may serve differently', () => {
    const translation = fromFlagd(FLAGD);
    expect(translation.problems).toEqual([]);
    expect(translation.flags.map((f) => f.key).sort()).toEqual(Object.keys(FLAGD.flags).sort());
    expect(translation.warnings.map((w) => [w.flag, w.construct])).toEqual([
      ['negations', '!'],
      ['negations', '!='],
    ]);
  });

  it('serves 100,000 users exactly what flagd serves', () => {
    const translation = fromFlagd(FLAGD);
    const flagd = new FlagdCore();
    flagd.setConfigurations(JSON.stringify(FLAGD));
    const flags = Object.fromEntries(translation.flags.map((f) => [f.key, { ...f, version: 1 } as Flag]));
    const evaluator = createEvaluator({ flags, segments: {} });
    const next = random(16);
    const served = new Map<string, number>();
    let compared = 0;
    for (let i = 0; i < 100_000; i++) {
      const { targetingKey, ...attributes } = user(i, next);
      const flagdContext = { targetingKey: String(targetingKey), ...attributes };
      const context = { userId: String(targetingKey), ...attributes };
      for (const [key, source] of Object.entries(FLAGD.flags)) {
        const sample = Object.values(source.variants)[0];
        const expected =
          typeof sample === 'boolean'
            ? flagd.resolveBooleanEvaluation(key, !sample, flagdContext).value
            : flagd.resolveStringEvaluation(key, 'caller-default', flagdContext).value;
        const actual = evaluator.evaluate(key, context, null).value;
        // flagd serves the caller's default for a disabled flag; the import serves the default variant.
        if (source.state === 'DISABLED') {
          expect(actual).toBe(false);
          continue;
        }
        if (actual !== expected)
          throw new Error(
            `user-${i} ${JSON.stringify(context)}: ${key} is ${String(actual)} here, ${String(expected)} in flagd`,
          );
        served.set(`${key}=${String(actual)}`, (served.get(`${key}=${String(actual)}`) ?? 0) + 1);
        compared++;
      }
    }
    expect(compared).toBe(600_000);
    // Every variant was served to someone, so no branch went untested (email-bucketed's default is
    // unreachable: its split covers everyone with an email).
    for (const [key, source] of Object.entries(FLAGD.flags)) {
      if (source.state === 'DISABLED') continue;
      for (const value of Object.values(source.variants))
        if (`${key}=${String(value)}` !== 'email-bucketed=gray')
          expect(served.get(`${key}=${String(value)}`) ?? 0, `${key}=${String(value)}`).toBeGreaterThan(0);
    }
  }, 600_000);
});
