import { describe, expect, it } from 'vitest';
import { flagInputSchema, segmentInputSchema, validationProblems } from '../../src/index.js';

const base = {
  key: 'new-checkout',
  type: 'boolean',
  variants: { on: true, off: false },
  enabled: true,
  offVariant: 'off',
  fallthrough: { variant: 'off' },
};

const problems = (input: unknown) => {
  const result = flagInputSchema.safeParse(input);
  return result.success ? [] : validationProblems(result.error);
};

describe('flagInputSchema', () => {
  it('accepts the DESIGN example', () => {
    expect(
      problems({
        ...base,
        description: 'New checkout flow',
        tags: ['checkout'],
        prerequisites: [{ flag: 'checkout-api-v2', variant: 'on' }],
        targets: [{ variant: 'on', values: ['user-1', 'user-2'] }],
        rules: [
          {
            id: 'staff',
            clauses: [{ attribute: 'email', op: 'endsWith', values: ['@acme.com'] }],
            serve: { variant: 'on' },
          },
        ],
        fallthrough: {
          rollout: {
            bucketBy: 'userId',
            variants: [
              { variant: 'on', weight: 5000 },
              { variant: 'off', weight: 95000 },
            ],
          },
        },
        salt: 'new-checkout',
      }),
    ).toEqual([]);
  });

  it.each([
    ['a bad key', { key: '-x' }, 'key'],
    ['a key over 128 characters', { key: 'k'.repeat(129) }, 'key'],
    [
      'a json flag accepts any JSON',
      { type: 'json', variants: { a: { x: [1] }, b: null }, offVariant: 'a', fallthrough: { variant: 'b' } },
      null,
    ],
    [
      'a number variant that is not finite-JSON',
      { type: 'number', variants: { a: 1, b: '2' }, offVariant: 'a', fallthrough: { variant: 'a' } },
      'variants.b',
    ],
    [
      'a rollout variant listed twice',
      {
        fallthrough: {
          rollout: {
            variants: [
              { variant: 'on', weight: 50000 },
              { variant: 'on', weight: 50000 },
            ],
          },
        },
      },
      'fallthrough.rollout.variants.1.variant',
    ],
    [
      'a clause without attribute',
      { rules: [{ clauses: [{ op: 'in', values: ['x'] }], serve: { variant: 'on' } }] },
      'rules.0.clauses.0.attribute',
    ],
    [
      'a clause without values',
      { rules: [{ clauses: [{ attribute: 'a', op: 'in', values: [] }], serve: { variant: 'on' } }] },
      'rules.0.clauses.0.values',
    ],
    [
      'an inSegment clause with a bad key',
      { rules: [{ clauses: [{ op: 'inSegment', values: ['no spaces'] }], serve: { variant: 'on' } }] },
      'rules.0.clauses.0.values.0',
    ],
    [
      'its own prerequisite',
      { prerequisites: [{ flag: 'new-checkout', variant: 'on' }] },
      'prerequisites.0.flag',
    ],
    [
      'a serve that is both',
      { fallthrough: { variant: 'on', rollout: { variants: [] } } },
      'fallthrough.rollout',
    ],
  ])('%s', (_, change, path) => {
    const found = problems({ ...base, ...change }).map((p) => p.path);
    if (path === null) expect(found).toEqual([]);
    else expect(found).toContain(path);
  });

  // An admin writing a rule reads why a pattern is refused: a pattern JavaScript cannot compile, and
  // one only a backtracking engine can run ("matches" runs in linear time), each with the engine's reason.
  it.each([
    ['(unclosed', /^regex does not compile: .*unterminated group/i],
    ['(?<=a)b', /^regex needs a backtracking engine \(lookaround, backreferences\) or is too large; .+: \S/],
    ['(a)\\1', /^regex needs a backtracking engine \(lookaround, backreferences\) or is too large; .+: \S/],
  ])('refuses the matches pattern %s, saying why', (pattern, message) => {
    const clause = { attribute: 'email', op: 'matches', values: ['^ok$', pattern] };
    const found = problems({ ...base, rules: [{ clauses: [clause], serve: { variant: 'on' } }] });
    expect(found).toEqual([{ path: 'rules.0.clauses.0.values.1', message: expect.stringMatching(message) }]);
  });
});

describe('segmentInputSchema', () => {
  it('defaults lists and refuses segment rules that refer to segments', () => {
    expect(segmentInputSchema.parse({ key: 's' })).toEqual({
      key: 's',
      included: [],
      excluded: [],
      rules: [],
    });
    const result = segmentInputSchema.safeParse({
      key: 's',
      rules: [{ clauses: [{ op: 'inSegment', values: ['t'] }] }],
    });
    expect(result.success).toBe(false);
  });
});
