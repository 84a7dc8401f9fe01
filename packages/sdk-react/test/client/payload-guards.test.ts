import {
  clientStreamDeleteSchema,
  ERROR_CODES,
  evaluateResponseSchema,
  KEY_PATTERN,
  REASON_KINDS,
} from '@switchyard/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEvaluateResponse, parseJsonWith, parseStreamDelete } from '../../src/client/payload-guards.js';

// The browser client checks payloads by hand to stay within its size budget; these properties hold
// it to the shared zod schemas, which the server uses, on payloads near and far from valid.

const oddNumber = fc.constantFrom(-1, 1.5, -0, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 20, arbitrary: arb }, fc.anything());
// Now and then an object carries a field its schema does not know.
const sometimesExtra = <T extends object>(arb: fc.Arbitrary<T>) =>
  fc
    .tuple(arb, fc.oneof({ weight: 20, arbitrary: fc.constant(undefined) }, fc.anything()))
    .map(([object, extra]) => (extra === undefined ? object : { ...object, extra }));

const reason = sometimesExtra(
  fc.record(
    {
      kind: fc.oneof(
        { weight: 30, arbitrary: fc.constantFrom(...REASON_KINDS) },
        fc.constantFrom('MATCH', 'off'),
      ),
      ruleId: maybe(fc.string()),
      ruleIndex: fc.oneof({ weight: 30, arbitrary: fc.nat() }, oddNumber),
      prerequisiteKey: maybe(fc.string()),
      errorCode: fc.oneof({ weight: 30, arbitrary: fc.constantFrom(...ERROR_CODES) }, fc.constant('OOPS')),
      inRollout: fc.oneof({ weight: 20, arbitrary: fc.constant(true) }, fc.constantFrom(false, 1, 'true')),
    },
    { requiredKeys: ['kind'] },
  ),
);

const value = fc.oneof(
  { weight: 40, arbitrary: fc.jsonValue() },
  fc.constantFrom(undefined, Number.NaN, Number.POSITIVE_INFINITY, [1, undefined], { a: () => 1 }),
  fc.anything(),
);

const result = sometimesExtra(
  fc.record(
    {
      value,
      variant: fc.oneof({ weight: 30, arbitrary: fc.option(fc.string()) }, fc.anything()),
      reason: fc.oneof({ weight: 30, arbitrary: reason }, fc.anything()),
    },
    { requiredKeys: ['value', 'variant', 'reason'] },
  ),
);

// Half the payloads go through JSON as they would on the wire; the rest stay raw, as a hand-built
// bootstrap may be (with undefined optional fields, NaN, functions).
const rawOrWire = (arb: fc.Arbitrary<unknown>) =>
  fc.tuple(arb, fc.boolean()).map(([payload, raw]) => {
    const text = raw ? undefined : JSON.stringify(payload);
    return text === undefined ? payload : JSON.parse(text);
  });

const response = fc.oneof(
  {
    weight: 10,
    arbitrary: sometimesExtra(
      fc.record(
        {
          revision: fc.oneof({ weight: 20, arbitrary: fc.nat() }, oddNumber, fc.anything()),
          flags: fc.oneof(
            { weight: 20, arbitrary: fc.dictionary(fc.string(), result, { maxKeys: 4 }) },
            fc.array(result, { maxLength: 2 }),
            fc.anything(),
          ),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  fc.anything(),
);

const deletion = fc.oneof(
  {
    weight: 10,
    arbitrary: sometimesExtra(
      fc.record(
        {
          keys: fc.oneof(
            { weight: 10, arbitrary: fc.array(fc.stringMatching(KEY_PATTERN), { maxLength: 3 }) },
            fc.array(fc.oneof(fc.string(), fc.anything()), { maxLength: 3 }),
            fc.anything(),
          ),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  fc.anything(),
);

function agreesWithSchema(
  parse: (data: unknown) => unknown,
  schema: { safeParse(data: unknown): { success: boolean; data?: unknown } },
  arb: fc.Arbitrary<unknown>,
) {
  const seen = { accepted: 0, rejected: 0 };
  fc.assert(
    fc.property(arb, (payload) => {
      const expected = schema.safeParse(payload);
      const actual = parse(payload);
      expect(actual !== undefined).toBe(expected.success);
      if (expected.success) expect(actual).toEqual(expected.data);
      seen[expected.success ? 'accepted' : 'rejected']++;
    }),
    { numRuns: 3000 },
  );
  return seen;
}

describe('parseEvaluateResponse', () => {
  it('drops __proto__ keys from JSON values, as the schema does', () => {
    const text =
      '{"flags":{"f":{"value":{"__proto__":null,"a":[{"__proto__":{"x":1},"b":2}]},"variant":null,"reason":{"kind":"OFF"}}}}';
    const expected = evaluateResponseSchema.parse(JSON.parse(text));
    const actual = parseEvaluateResponse(JSON.parse(text));
    expect(actual).toEqual(expected);
    expect(Object.hasOwn(actual?.flags.f?.value as object, '__proto__')).toBe(false);
  });

  it('accepts and rejects exactly what evaluateResponseSchema does', () => {
    const seen = agreesWithSchema(parseEvaluateResponse, evaluateResponseSchema, rawOrWire(response));
    // Both sides of the boundary must be exercised, or the property proves nothing.
    expect(seen.accepted).toBeGreaterThan(300);
    expect(seen.rejected).toBeGreaterThan(300);
  });

  it.each([
    [
      'a full payload',
      {
        revision: 3,
        flags: {
          a: { value: { x: [1, 'y'] }, variant: 'v', reason: { kind: 'FALLTHROUGH', inRollout: true } },
        },
      },
    ],
    ['a negative revision', { revision: -1, flags: {} }],
    ['an unsafe revision', { revision: 2 ** 53, flags: {} }],
    [
      'a reason with an unknown field',
      { flags: { a: { value: 1, variant: 'v', reason: { kind: 'OFF', why: 'x' } } } },
    ],
    ['a missing value', { flags: { a: { variant: 'v', reason: { kind: 'OFF' } } } }],
    ['flags as an array', { flags: [] }],
    [
      'a __proto__ flag key',
      JSON.parse(
        '{"flags":{"__proto__":{"value":1},"a":{"value":1,"variant":null,"reason":{"kind":"OFF"}}}}',
      ),
    ],
    ['a __proto__ field', JSON.parse('{"flags":{},"__proto__":{}}')],
  ])('agrees with the schema on %s', (_name, payload) => {
    const expected = evaluateResponseSchema.safeParse(payload);
    expect(parseEvaluateResponse(payload) !== undefined).toBe(expected.success);
    if (expected.success) expect(parseEvaluateResponse(payload)).toEqual(expected.data);
  });
});

describe('parseStreamDelete', () => {
  it('accepts and rejects exactly what clientStreamDeleteSchema does', () => {
    const seen = agreesWithSchema(parseStreamDelete, clientStreamDeleteSchema, rawOrWire(deletion));
    expect(seen.accepted).toBeGreaterThan(300);
    expect(seen.rejected).toBeGreaterThan(300);
  });
});

describe('parseJsonWith', () => {
  it('turns text that is not JSON into undefined instead of throwing', () => {
    expect(parseJsonWith('{"flags": {', parseEvaluateResponse)).toBeUndefined();
    expect(parseJsonWith('{"flags": {}}', parseEvaluateResponse)).toEqual({ flags: {} });
  });
});
