import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Clause,
  createEvaluator,
  type Flag,
  type Rule,
  type Segment,
  type Serve,
} from '../../src/index.js';
import { flagWith, rule } from './support.js';

// The evaluator's setters patch one flag or segment at a time (an SDK applies each streamed change
// that way); after any sequence of them it must answer exactly as a fresh compile of the same ruleset.

const FLAG_KEYS = ['a', 'b', 'c'];
const SEGMENT_KEYS = ['s1', 's2'];
const USERS = ['u1', 'u2', 'u3'];
const CONTEXTS: Record<string, unknown>[] = [
  {},
  { userId: 'u1' },
  { userId: 'u2', country: 'DE', plan: 'pro' },
  { userId: 'u3', country: 'FR', org: 'o-1' },
  { country: 'DE', org: 7 },
];

const clauseArb: fc.Arbitrary<Clause> = fc.oneof(
  fc.record({
    op: fc.constant('inSegment' as const),
    values: fc.subarray(SEGMENT_KEYS, { minLength: 1 }),
    negate: fc.boolean(),
  }),
  fc.record({
    attribute: fc.constantFrom('country', 'plan'),
    op: fc.constant('in' as const),
    values: fc.subarray(['DE', 'FR', 'pro'], { minLength: 1 }),
  }),
);
const weightArb = fc.integer({ min: 0, max: 100_000 });
const serveArb: fc.Arbitrary<Serve> = fc.oneof(
  fc.record({ variant: fc.constantFrom('on', 'off') }),
  fc.record({ bucketBy: fc.constantFrom('userId', 'org'), on: weightArb }).map(({ bucketBy, on }) => ({
    rollout: {
      bucketBy,
      variants: [
        { variant: 'on', weight: on },
        { variant: 'off', weight: 100_000 - on },
      ],
    },
  })),
);
const ruleArb: fc.Arbitrary<Rule> = fc.record(
  { id: fc.constantFrom('r1', 'r2'), clauses: fc.array(clauseArb, { maxLength: 2 }), serve: serveArb },
  { requiredKeys: ['clauses', 'serve'] },
);
const flagArb = (key: string): fc.Arbitrary<Flag> =>
  fc.record({
    key: fc.constant(key),
    type: fc.constant('boolean' as const),
    variants: fc.constant({ on: true, off: false }),
    enabled: fc.boolean(),
    offVariant: fc.constantFrom('on', 'off'),
    prerequisites: fc
      .subarray(FLAG_KEYS.filter((k) => k !== key))
      .chain((flags) =>
        fc.tuple(
          ...flags.map((flag) =>
            fc.record({ flag: fc.constant(flag), variant: fc.constantFrom('on', 'off') }),
          ),
        ),
      ),
    targets: fc.array(fc.record({ variant: fc.constantFrom('on', 'off'), values: fc.subarray(USERS) }), {
      maxLength: 2,
    }),
    rules: fc.array(ruleArb, { maxLength: 3 }),
    fallthrough: serveArb,
    salt: fc.constantFrom(key, 'salt'),
    version: fc.nat(),
  });
const segmentArb = (key: string): fc.Arbitrary<Segment> =>
  fc.record({
    key: fc.constant(key),
    included: fc.subarray(USERS),
    excluded: fc.subarray(USERS),
    rules: fc.array(
      fc.record({
        clauses: fc.array(
          clauseArb.filter((c) => c.op !== 'inSegment'),
          { maxLength: 2 },
        ),
      }),
      { maxLength: 2 },
    ),
    version: fc.nat(),
  });

type Ruleset = { flags: Record<string, Flag>; segments: Record<string, Segment> };
const rulesetArb: fc.Arbitrary<Ruleset> = fc.record({
  flags: fc
    .subarray(FLAG_KEYS)
    .chain((keys) => fc.tuple(...keys.map(flagArb)))
    .map((flags) => Object.fromEntries(flags.map((f) => [f.key, f]))),
  segments: fc
    .subarray(SEGMENT_KEYS)
    .chain((keys) => fc.tuple(...keys.map(segmentArb)))
    .map((segments) => Object.fromEntries(segments.map((s) => [s.key, s]))),
});

type Update =
  | { kind: 'setFlag'; flag: Flag }
  | { kind: 'deleteFlag'; key: string }
  | { kind: 'setSegment'; segment: Segment }
  | { kind: 'deleteSegment'; key: string }
  | { kind: 'replace'; ruleset: Ruleset };
const updateArb: fc.Arbitrary<Update> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .constantFrom(...FLAG_KEYS)
      .chain(flagArb)
      .map((flag) => ({ kind: 'setFlag', flag }) as const),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(...FLAG_KEYS).map((key) => ({ kind: 'deleteFlag', key }) as const),
  },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom(...SEGMENT_KEYS)
      .chain(segmentArb)
      .map((segment) => ({ kind: 'setSegment', segment }) as const),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(...SEGMENT_KEYS).map((key) => ({ kind: 'deleteSegment', key }) as const),
  },
  { weight: 1, arbitrary: rulesetArb.map((ruleset) => ({ kind: 'replace', ruleset }) as const) },
);

/** Applies `update` to a plain copy of the ruleset, the way a full recompile would see it. */
function applyTo(model: Ruleset, update: Update): Ruleset {
  const flags = { ...model.flags };
  const segments = { ...model.segments };
  if (update.kind === 'setFlag') flags[update.flag.key] = update.flag;
  if (update.kind === 'deleteFlag') delete flags[update.key];
  if (update.kind === 'setSegment') segments[update.segment.key] = update.segment;
  if (update.kind === 'deleteSegment') delete segments[update.key];
  return update.kind === 'replace' ? update.ruleset : { flags, segments };
}

describe('evaluator updates', () => {
  it('answer as a full recompile of the same ruleset does, after any sequence of updates', () => {
    fc.assert(
      fc.property(rulesetArb, fc.array(updateArb, { maxLength: 8 }), (initial, updates) => {
        const evaluator = createEvaluator(initial);
        let model = initial;
        for (const update of updates) {
          if (update.kind === 'setFlag') evaluator.setFlag(update.flag);
          if (update.kind === 'deleteFlag') evaluator.deleteFlag(update.key);
          if (update.kind === 'setSegment') evaluator.setSegment(update.segment);
          if (update.kind === 'deleteSegment') evaluator.deleteSegment(update.key);
          if (update.kind === 'replace') evaluator.replace(update.ruleset);
          model = applyTo(model, update);
        }
        const fresh = createEvaluator(model);
        expect(evaluator.flagKeys().sort()).toEqual(Object.keys(model.flags).sort());
        for (const key of [...FLAG_KEYS, 'missing']) {
          expect(evaluator.getFlag(key)).toBe(model.flags[key]);
          for (const context of CONTEXTS) {
            expect(evaluator.evaluate(key, context, 'default')).toEqual(
              fresh.evaluate(key, context, 'default'),
            );
            expect(evaluator.isEnabled(key, context)).toBe(fresh.isEnabled(key, context));
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('changes an answer as soon as a flag or a segment it uses changes', () => {
    const segment: Segment = { key: 's1', included: ['u1'], excluded: [], rules: [], version: 1 };
    const flag: Flag = {
      key: 'a',
      type: 'boolean',
      variants: { on: true, off: false },
      enabled: true,
      offVariant: 'off',
      rules: [{ clauses: [{ op: 'inSegment', values: ['s1'] }], serve: { variant: 'on' } }],
      fallthrough: { variant: 'off' },
      version: 1,
    };
    const evaluator = createEvaluator({ flags: { a: flag }, segments: { s1: segment } });
    expect(evaluator.isEnabled('a', 'u1')).toBe(true);
    evaluator.setSegment({ ...segment, included: ['u2'], version: 2 });
    expect(evaluator.isEnabled('a', 'u1')).toBe(false);
    expect(evaluator.isEnabled('a', 'u2')).toBe(true);
    evaluator.deleteSegment('s1');
    expect(evaluator.isEnabled('a', 'u2')).toBe(false);
    evaluator.setFlag({ ...flag, fallthrough: { variant: 'on' }, version: 2 });
    expect(evaluator.isEnabled('a', 'u3')).toBe(true);
    expect(evaluator.getFlag('a')?.version).toBe(2);
    evaluator.deleteFlag('a');
    expect(evaluator.getFlag('a')).toBeUndefined();
    expect(evaluator.flagKeys()).toEqual([]);
    expect(evaluator.evaluate('a', 'u3', 'fallback')).toEqual({
      value: 'fallback',
      variant: null,
      reason: { kind: 'ERROR', errorCode: 'FLAG_NOT_FOUND' },
    });
  });

  // Clauses hold their segments by reference, bound when the flag is compiled: the reference must follow
  // the segment's later life, whichever of flag and segment comes first.
  it('binds a flag to segments set, replaced or deleted after it was compiled', () => {
    const inS1 = flagWith({ key: 'a', rules: [rule([{ op: 'inSegment', values: ['s0', 's1'] }])] });
    const s1: Segment = { key: 's1', included: ['u1', 'u2'], excluded: [], rules: [], version: 1 };
    const evaluator = createEvaluator({ flags: { a: inS1 }, segments: {} });
    expect(evaluator.isEnabled('a', 'u1')).toBe(false);
    evaluator.deleteSegment('never-set');
    evaluator.setSegment(s1);
    expect(evaluator.isEnabled('a', 'u1')).toBe(true);
    evaluator.setSegment({ ...s1, excluded: ['u1'], version: 2 });
    expect(evaluator.isEnabled('a', 'u1')).toBe(false);
    expect(evaluator.isEnabled('a', 'u2')).toBe(true);
    evaluator.replace({ flags: { a: inS1 }, segments: { s0: { ...s1, key: 's0', included: ['u3'] } } });
    expect(evaluator.isEnabled('a', 'u2')).toBe(false);
    expect(evaluator.isEnabled('a', 'u3')).toBe(true);
    evaluator.setSegment(s1);
    evaluator.setFlag({ ...inS1, version: 2 });
    expect(evaluator.isEnabled('a', 'u2')).toBe(true);
    evaluator.deleteSegment('s1');
    expect(evaluator.isEnabled('a', 'u2')).toBe(false);
    expect(evaluator.isEnabled('a', 'u3')).toBe(true);
  });
});
