import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CONTEXT_LIMITS,
  checkContext,
  checkEvaluateRequest,
  contextSchema,
  evaluateRequestSchema,
} from '../../src/index.js';

// The hand check of POST /sdk/v1/evaluate bodies against the schemas it stands in for: the same
// verdict and the same context on valid bodies, bodies at and just past every limit, and anything else
// JSON can say. On a refusal the route runs the schema, so the 400 names what the schema names.

const { maxStringLength, maxArrayLength, maxAttributes, maxNameLength } = CONTEXT_LIMITS;

const text = (length: number) => 'x'.repeat(length);
const edgeString = fc.oneof(
  { arbitrary: fc.string({ maxLength: 12 }), weight: 6 },
  { arbitrary: fc.constantFrom(text(maxStringLength), text(maxStringLength + 1), ''), weight: 1 },
);
const number = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-0, Number.MAX_VALUE, Number.MIN_VALUE),
);
/** Values that are wrong for an attribute (or right, for some): null, objects, nesting, non-finite numbers. */
const odd = fc.oneof(
  fc.constantFrom(null, {}, { a: 1 }, [[]], [true], [null], [{}], Number.NaN, Number.POSITIVE_INFINITY),
  fc.jsonValue({ maxDepth: 2 }),
);
const longArray = fc
  .constantFrom(maxArrayLength, maxArrayLength + 1)
  .chain((length) =>
    fc.oneof(fc.constant(new Array(length).fill('a')), fc.constant(new Array(length).fill(1))),
  );
const attributeValue = fc.oneof(
  { arbitrary: edgeString, weight: 4 },
  { arbitrary: number, weight: 3 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.array(fc.oneof(edgeString, number), { maxLength: 5 }), weight: 3 },
  { arbitrary: longArray, weight: 1 },
  { arbitrary: odd, weight: 2 },
);
const name = fc.oneof(
  { arbitrary: fc.string({ minLength: 1, maxLength: 8 }), weight: 6 },
  { arbitrary: fc.constantFrom('userId', '', text(maxNameLength), text(maxNameLength + 1)), weight: 2 },
);
const smallContext = fc.dictionary(name, attributeValue, { maxKeys: 6 });
/** Contexts with a number of attributes about the limit (userId counted). */
const wideContext = fc
  .tuple(fc.integer({ min: maxAttributes - 2, max: maxAttributes + 2 }), fc.option(edgeString))
  .map(([count, userId]) => {
    const context: Record<string, unknown> = userId === null ? {} : { userId };
    for (let i = Object.keys(context).length; i < count; i++) context[`a${i}`] = i;
    return context;
  });
const context = fc.oneof(
  { arbitrary: smallContext, weight: 8 },
  { arbitrary: wideContext, weight: 2 },
  { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 },
);
const body = fc.oneof(
  { arbitrary: fc.record({ context }), weight: 8 },
  { arbitrary: fc.record({ context, other: fc.jsonValue({ maxDepth: 1 }) }), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 },
);

describe('the hand check of an evaluate request', () => {
  it('accepts exactly what the schema accepts, with the context it returns', () => {
    fc.assert(
      fc.property(body, (value) => {
        const zod = evaluateRequestSchema.safeParse(value);
        const checked = checkEvaluateRequest(value);
        expect(checked !== undefined).toBe(zod.success);
        if (checked !== undefined && zod.success) expect(checked).toEqual(zod.data.context);
      }),
      { numRuns: 3000 },
    );
  });

  it('checks a context as the context schema does', () => {
    fc.assert(
      fc.property(context, (value) => {
        const zod = contextSchema.safeParse(value);
        const checked = checkContext(value);
        expect(checked !== undefined).toBe(zod.success);
        if (checked !== undefined && zod.success) expect(checked).toEqual(zod.data);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses each limit just past it, and accepts it at the limit', () => {
    const attributes = (count: number) =>
      Object.fromEntries(Array.from({ length: count }, (_, i) => [`a${i}`, i]));
    const cases: [unknown, boolean][] = [
      [{ userId: text(maxStringLength) }, true],
      [{ userId: text(maxStringLength + 1) }, false],
      [{ userId: 7 }, false],
      [{ tags: new Array(maxArrayLength).fill(text(maxStringLength)) }, true],
      [{ tags: [text(maxStringLength + 1)] }, false],
      [{ tags: new Array(maxArrayLength + 1).fill(1) }, false],
      [attributes(maxAttributes), true],
      [attributes(maxAttributes + 1), false],
      [{ [text(maxNameLength)]: 1 }, true],
      [{ [text(maxNameLength + 1)]: 1 }, false],
      [{ nested: { a: 1 } }, false],
      [{ nothing: null }, false],
      [[], false],
    ];
    for (const [value, accepted] of cases) {
      expect(contextSchema.safeParse(value).success).toBe(accepted);
      expect(checkContext(value) !== undefined).toBe(accepted);
      expect(checkEvaluateRequest({ context: value }) !== undefined).toBe(accepted);
    }
    expect(checkEvaluateRequest({ context: {}, extra: 1 })).toBeUndefined();
    expect(checkEvaluateRequest({})).toBeUndefined();
  });
});
