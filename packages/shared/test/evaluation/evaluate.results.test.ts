import { beforeEach, describe, expect, it } from 'vitest';
import { bucketOf, createEvaluator, type Evaluator, evaluate, type Flag } from '../../src/index.js';
import { flagWith, rule, ruleset } from './support.js';

const rollout = (onWeight: number, extra: { bucketBy?: string } = {}) => ({
  rollout: {
    ...extra,
    variants: [
      { variant: 'on', weight: onWeight },
      { variant: 'off', weight: 100_000 - onWeight },
    ],
  },
});

describe('rollouts', () => {
  // A rollout serves the first variant whose cumulative weight is greater than the bucket.
  it('serves a user whose bucket equals the on weight the next variant', () => {
    const bucket = bucketOf('f', 'u-1');
    const at = (weight: number) =>
      evaluate('f', 'u-1', ruleset([flagWith({ fallthrough: rollout(weight) })]));
    expect(at(bucket).variant).toBe('off');
    expect(at(bucket + 1)).toEqual({
      value: true,
      variant: 'on',
      reason: { kind: 'FALLTHROUGH', inRollout: true },
    });
  });

  it('salts with the key unless the flag names a salt', () => {
    const bucket = bucketOf('other-salt', 'u-1');
    const salted = flagWith({ salt: 'other-salt', fallthrough: rollout(bucket + 1) });
    expect(evaluate('f', 'u-1', ruleset([salted])).value).toBe(true);
    expect(evaluate('f', 'u-1', ruleset([{ ...salted, fallthrough: rollout(bucket) }])).value).toBe(false);
  });

  it('buckets by the attribute a rollout names, and by userId otherwise', () => {
    const bucket = bucketOf('f', 'acme');
    const flag = flagWith({ fallthrough: rollout(bucket + 1, { bucketBy: 'org' }) });
    expect(evaluate('f', { userId: 'u-1', org: 'acme' }, ruleset([flag])).value).toBe(true);
    expect(evaluate('f', { userId: 'acme' }, ruleset([flag])).reason).toEqual({
      kind: 'ERROR',
      errorCode: 'TARGETING_KEY_MISSING',
    });
  });

  it('serves a rule rollout with the rule reason and inRollout', () => {
    const flag = flagWith({ rules: [{ id: 'all', clauses: [], serve: rollout(100_000) }] });
    expect(evaluate('f', 'u-1', ruleset([flag]))).toEqual({
      value: true,
      variant: 'on',
      reason: { kind: 'RULE_MATCH', ruleId: 'all', ruleIndex: 0, inRollout: true },
    });
  });

  it('serves the off variant from a rollout whose weights fall short (not a valid flag)', () => {
    const flag = flagWith({
      offVariant: 'on',
      fallthrough: {
        rollout: {
          variants: [
            { variant: 'off', weight: 0 },
            { variant: 'on', weight: 0 },
          ],
        },
      },
    });
    expect(evaluate('f', 'u-1', ruleset([flag])).variant).toBe('on');
  });
});

describe('targets', () => {
  it('serve the first target listing a user', () => {
    const flag = flagWith({
      targets: [
        { variant: 'on', values: ['u-1'] },
        { variant: 'off', values: ['u-1', 'u-2'] },
      ],
      fallthrough: { variant: 'on' },
    });
    expect(evaluate('f', 'u-1', ruleset([flag]))).toEqual({
      value: true,
      variant: 'on',
      reason: { kind: 'TARGET_MATCH' },
    });
    expect(evaluate('f', 'u-2', ruleset([flag])).variant).toBe('off');
    expect(evaluate('f', { userId: 7 }, ruleset([flag])).reason).toEqual({ kind: 'FALLTHROUGH' });
  });
});

describe('results', () => {
  const json: Flag = {
    key: 'j',
    type: 'json',
    variants: { yes: true, no: false },
    enabled: true,
    offVariant: 'no',
    fallthrough: { variant: 'yes' },
    version: 1,
  };
  // A variant the flag does not have (not a valid flag) cannot be served.
  const broken = flagWith({ key: 'broken', offVariant: 'gone', enabled: false });
  // Compiled before each test, not when the file loads, so that mutation testing (docs/quality.md)
  // counts what it reaches for each test.
  let evaluator: Evaluator;
  beforeEach(() => {
    evaluator = createEvaluator(ruleset([flagWith(), json, broken]));
  });

  it('isEnabled is true only for a boolean flag serving on', () => {
    expect(evaluator.evaluate('j', 'u-1').value).toBe(true);
    expect(evaluator.isEnabled('j', 'u-1')).toBe(false);
    expect(evaluator.isEnabled('missing', 'u-1')).toBe(false);
  });

  it('variation returns the served value, or the default for a missing flag', () => {
    expect(evaluator.variation('j', 'u-1', 'default')).toBe(true);
    expect(evaluator.variation('f', 'u-1', 'default')).toBe(false);
    expect(evaluator.variation('missing', 'u-1', 'default')).toBe('default');
  });

  // A server may hold an outcome while the flag changes under it (setFlag between outcomeOf and resultOf).
  it('resultOf answers an outcome of an older version of the flag without naming what is gone', () => {
    const de = rule([{ attribute: 'c', op: 'in', values: ['DE'] }], 'de');
    const fr = rule([{ attribute: 'c', op: 'in', values: ['FR'] }], 'fr');
    const prerequisites = [
      { flag: 'p1', variant: 'on' },
      { flag: 'p2', variant: 'on' },
    ];
    const p = (key: string, variant: 'on' | 'off') => flagWith({ key, fallthrough: { variant } });
    const e = createEvaluator(
      ruleset([
        flagWith({ rules: [de, fr] }),
        flagWith({ key: 'g', prerequisites }),
        p('p1', 'on'),
        p('p2', 'off'),
      ]),
    );
    const secondRule = e.outcomeOf('f', { c: 'FR' });
    const secondPrerequisite = e.outcomeOf('g', 'u-1');
    expect(e.resultOf('g', secondPrerequisite).reason).toEqual({
      kind: 'PREREQUISITE_FAILED',
      prerequisiteKey: 'p2',
    });

    e.setFlag(flagWith({ rules: [de] }));
    e.setFlag(flagWith({ key: 'g', prerequisites: prerequisites.slice(0, 1) }));
    expect(e.resultOf('f', secondRule)).toEqual({
      value: true,
      variant: 'on',
      reason: { kind: 'RULE_MATCH', ruleIndex: 1 },
    });
    const gone = {
      value: false,
      variant: 'off',
      reason: { kind: 'PREREQUISITE_FAILED', prerequisiteKey: '' },
    };
    expect(e.resultOf('g', secondPrerequisite)).toEqual(gone);
    e.setFlag(flagWith({ key: 'g' }));
    expect(e.resultOf('g', secondPrerequisite)).toEqual(gone);
  });

  it('answers MALFORMED_FLAG with the default for a variant the flag does not have', () => {
    const malformed = {
      value: 'default',
      variant: null,
      reason: { kind: 'ERROR', errorCode: 'MALFORMED_FLAG' },
    };
    expect(evaluator.evaluate('broken', 'u-1', 'default')).toEqual(malformed);
    const outcome = evaluator.outcomeOf('broken', 'u-1');
    expect(evaluator.resultOf('broken', outcome, 'default')).toEqual(malformed);
  });

  it.each<[string, Partial<Flag>]>([
    [
      'a rollout',
      {
        fallthrough: {
          rollout: {
            variants: [
              { variant: 'gone', weight: 100_000 },
              { variant: 'off', weight: 0 },
            ],
          },
        },
      },
    ],
    ['a target', { targets: [{ variant: 'gone', values: ['u-1'] }] }],
  ])('answers MALFORMED_FLAG when %s serves a variant the flag does not have', (_, parts) => {
    const rs = ruleset([flagWith(parts)]);
    expect(evaluate('f', 'u-1', rs, 'default')).toEqual({
      value: 'default',
      variant: null,
      reason: { kind: 'ERROR', errorCode: 'MALFORMED_FLAG' },
    });
  });

  it('answers FLAG_NOT_FOUND through outcomes for a missing flag', () => {
    const notFound = { value: 'd', variant: null, reason: { kind: 'ERROR', errorCode: 'FLAG_NOT_FOUND' } };
    expect(evaluator.outcomeOf('missing', 'u-1')).toBe(-1);
    expect(evaluator.resultOf('missing', 5, 'd')).toEqual(notFound);
    expect(evaluator.resultOf('f', -1, 'd')).toEqual(notFound);
  });

  it('fails a prerequisite even when the off variant is the first variant', () => {
    const flag: Flag = {
      ...flagWith({ key: 'first-off', fallthrough: { variant: 'on' } }),
      variants: { off: false, on: true },
      prerequisites: [
        { flag: 'f', variant: 'off' },
        { flag: 'missing', variant: 'on' },
      ],
    };
    const e = createEvaluator(ruleset([flagWith(), flag]));
    const expected = {
      value: false,
      variant: 'off',
      reason: { kind: 'PREREQUISITE_FAILED', prerequisiteKey: 'missing' },
    };
    expect(e.evaluate('first-off', 'u-1')).toStrictEqual(expected);
    expect(e.resultOf('first-off', e.outcomeOf('first-off', 'u-1'))).toStrictEqual(expected);
  });

  it('carries only the reason fields that apply, through outcomes too', () => {
    const flag = flagWith({ rules: [rule([{ attribute: 'c', op: 'in', values: ['x'] }]), rule([])] });
    const e = createEvaluator(ruleset([flag]));
    for (const [context, reason] of [
      [{ c: 'y' }, { kind: 'RULE_MATCH', ruleIndex: 1 }],
      [{ c: 'x' }, { kind: 'RULE_MATCH', ruleIndex: 0 }],
    ] as const) {
      const expected = { value: true, variant: 'on', reason };
      expect(e.evaluate('f', context)).toStrictEqual(expected);
      expect(e.resultOf('f', e.outcomeOf('f', context))).toStrictEqual(expected);
    }
    const off = createEvaluator(ruleset([flagWith({ enabled: false })]));
    expect(off.resultOf('f', off.outcomeOf('f', 'u-1'))).toStrictEqual({
      value: false,
      variant: 'off',
      reason: { kind: 'OFF' },
    });
  });

  it('reads a context that is not an object as an empty one', () => {
    const negated = flagWith({
      rules: [rule([{ attribute: 'length', op: 'in', values: [0], negate: true }])],
    });
    const rs = ruleset([negated]);
    for (const context of [null, undefined, 42, true]) {
      expect(evaluate('f', context as never, rs)).toEqual(evaluate('f', {}, rs));
    }
  });

  it('gives equal outcomes for equal results and different ones otherwise', () => {
    const flag = flagWith({
      targets: [{ variant: 'on', values: ['t'] }],
      rules: [
        rule([{ attribute: 'c', op: 'in', values: ['DE'] }], 'de'),
        { clauses: [], serve: rollout(50_000) },
      ],
    });
    const e = createEvaluator(ruleset([flag]));
    const contexts = [{ userId: 't' }, { userId: 'a', c: 'DE' }, { userId: 'b', c: 'DE' }, { c: 'FR' }];
    for (let i = 0; i < 40; i++) contexts.push({ userId: `u-${i}`, c: 'FR' });
    const seen = new Map<number, string>();
    for (const context of contexts) {
      const result = e.evaluate('f', context);
      const outcome = e.outcomeOf('f', context);
      expect(e.resultOf('f', outcome)).toEqual(result);
      const json = JSON.stringify(result);
      expect(seen.get(outcome) ?? json).toBe(json);
      seen.set(outcome, json);
    }
    expect(new Set(seen.values()).size).toBe(seen.size);
  });
});
