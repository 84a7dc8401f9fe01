import { describe, expect, it } from 'vitest';
import { MAX_PREREQUISITE_DEPTH } from '../../src/evaluation/prerequisite-chains.js';
import { evaluate, type Segment } from '../../src/index.js';
import { flagWith, rule, ruleset } from './support.js';

const on = (key: string, extra = {}) => flagWith({ key, fallthrough: { variant: 'on' }, ...extra });

describe('prerequisites', () => {
  it('pass when every prerequisite serves the required variant', () => {
    const rs = ruleset([on('api'), on('ui', { prerequisites: [{ flag: 'api', variant: 'on' }] })]);
    expect(evaluate('ui', {}, rs)).toEqual({ value: true, variant: 'on', reason: { kind: 'FALLTHROUGH' } });
  });

  it.each([
    ['missing', [on('ui', { prerequisites: [{ flag: 'api', variant: 'on' }] })]],
    [
      'disabled, even when its off variant is the one required',
      [
        on('api', { enabled: false, offVariant: 'on' }),
        on('ui', { prerequisites: [{ flag: 'api', variant: 'on' }] }),
      ],
    ],
    [
      'serving another variant',
      [flagWith({ key: 'api' }), on('ui', { prerequisites: [{ flag: 'api', variant: 'on' }] })],
    ],
  ])('fail when the prerequisite is %s', (_, flags) => {
    expect(evaluate('ui', {}, ruleset(flags))).toEqual({
      value: false,
      variant: 'off',
      reason: { kind: 'PREREQUISITE_FAILED', prerequisiteKey: 'api' },
    });
  });

  it('do not leak the prerequisite reason into the result', () => {
    const api = on('api', {
      fallthrough: {
        rollout: {
          variants: [
            { variant: 'on', weight: 100_000 },
            { variant: 'off', weight: 0 },
          ],
        },
      },
    });
    const rs = ruleset([
      api,
      on('ui', {
        prerequisites: [{ flag: 'api', variant: 'on' }],
        targets: [{ variant: 'on', values: ['u1'] }],
      }),
    ]);
    expect(evaluate('ui', 'u1', rs).reason).toEqual({ kind: 'TARGET_MATCH' });
  });

  it(`follow a chain of ${MAX_PREREQUISITE_DEPTH} links, and mark a longer one as malformed`, () => {
    // f0 requires f1, which requires f2, ... up to f<links>, which has no prerequisites.
    const chain = (links: number) =>
      ruleset(
        Array.from({ length: links + 1 }, (_, i) =>
          on(`f${i}`, i < links ? { prerequisites: [{ flag: `f${i + 1}`, variant: 'on' }] } : {}),
        ),
      );
    expect(evaluate('f0', {}, chain(MAX_PREREQUISITE_DEPTH))).toEqual({
      value: true,
      variant: 'on',
      reason: { kind: 'FALLTHROUGH' },
    });
    expect(evaluate('f0', {}, chain(MAX_PREREQUISITE_DEPTH + 1))).toEqual({
      value: false,
      variant: 'off',
      reason: { kind: 'ERROR', errorCode: 'MALFORMED_FLAG' },
    });
    // Evaluated from one link down, the longer chain is short enough again.
    expect(evaluate('f1', {}, chain(MAX_PREREQUISITE_DEPTH + 1)).variant).toBe('on');
  });

  it('mark a flag that reaches a cycle as malformed', () => {
    const rs = ruleset([
      on('a', { prerequisites: [{ flag: 'b', variant: 'on' }] }),
      on('b', { prerequisites: [{ flag: 'c', variant: 'on' }] }),
      on('c', { prerequisites: [{ flag: 'b', variant: 'on' }] }),
    ]);
    expect(evaluate('a', {}, rs)).toEqual({
      value: false,
      variant: 'off',
      reason: { kind: 'ERROR', errorCode: 'MALFORMED_FLAG' },
    });
  });
});

describe('segments', () => {
  const segment: Segment = {
    key: 'beta',
    included: ['in-1'],
    excluded: ['out-1'],
    rules: [{ clauses: [{ attribute: 'plan', op: 'in', values: ['enterprise'] }] }],
    version: 1,
  };
  const flag = flagWith({ rules: [rule([{ op: 'inSegment', values: ['beta', 'missing-segment'] }])] });
  const value = (context: Record<string, unknown>) =>
    evaluate('f', context, ruleset([flag], [segment])).value;

  it('excluded beats included and rules; included needs no rule; rules match the rest', () => {
    expect(value({ userId: 'out-1', plan: 'enterprise' })).toBe(false);
    expect(value({ userId: 'in-1' })).toBe(true);
    expect(value({ userId: 'x', plan: 'enterprise' })).toBe(true);
    expect(value({ userId: 'x', plan: 'free' })).toBe(false);
  });

  it('negated inSegment matches those outside every listed segment', () => {
    const negated = flagWith({ rules: [rule([{ op: 'inSegment', values: ['beta'], negate: true }])] });
    expect(evaluate('f', { userId: 'x' }, ruleset([negated], [segment])).value).toBe(true);
    expect(evaluate('f', { userId: 'in-1' }, ruleset([negated], [segment])).value).toBe(false);
  });
});

describe('never throws', () => {
  it.each([null, undefined, 42, 'u', [], { userId: { nested: true } }, { userId: ['a'] }])(
    'context %j',
    (context) => {
      const rs = ruleset([
        flagWith({ rules: [rule([{ attribute: 'userId', op: 'matches', values: ['^a'] }])] }),
      ]);
      expect(() => evaluate('f', context as never, rs)).not.toThrow();
    },
  );
});
