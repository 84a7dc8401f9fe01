import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkEventsBatch,
  eventsBatchSchema,
  LATENCY_BUCKETS_MS,
  MAX_EVENTS_PER_BATCH,
  MAX_REPORTED_COUNT,
} from '../../src/index.js';

// The hand check of POST /sdk/v1/events bodies against the schema it stands in for: the same verdict
// and the same output on valid entries, near-valid ones and anything else JSON can say.

const BUCKETS = LATENCY_BUCKETS_MS.length + 1;
const validCount = fc.oneof(
  fc.integer({ min: 0, max: MAX_REPORTED_COUNT }),
  fc.constantFrom(0, MAX_REPORTED_COUNT),
);
const validName = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,8}$/),
  fc.constantFrom('a'.repeat(64), 'a'.repeat(128)),
);
const validLatency = fc.record({
  counts: fc.array(validCount, { minLength: BUCKETS, maxLength: BUCKETS }),
  sumMs: fc.oneof(fc.double({ min: 0, max: MAX_REPORTED_COUNT, noNaN: true }), validCount),
});
const validEntry = fc.record(
  {
    flag: validName,
    variant: fc.oneof(fc.constant(null), validName),
    evaluations: validCount,
    exposures: validCount,
    errors: validCount,
    latency: validLatency,
  },
  { requiredKeys: ['flag', 'variant'] },
);
/** Values that are wrong (or right) for some field: each mutation puts one of them in one place. */
const odd = fc.oneof(
  fc.constantFrom(-1, MAX_REPORTED_COUNT + 1, 1.5, -0, Number.MAX_SAFE_INTEGER, 0, 7),
  fc.constantFrom('', ' x', 'a'.repeat(65), 'a'.repeat(129), 'é', '-a', 'a/b', '1', 'on'),
  fc.constantFrom(null, true, [], {}, [0, 0]),
  fc.constantFrom(Array(BUCKETS - 1).fill(0), Array(BUCKETS + 1).fill(0), [
    ...Array(BUCKETS - 1).fill(0),
    -1,
  ]),
);
const FIELDS = ['flag', 'variant', 'evaluations', 'exposures', 'errors', 'latency', 'other'] as const;
const LATENCY_FIELDS = ['counts', 'sumMs', 'other'] as const;
/** A valid entry with one field (or one latency field) replaced by an odd value, or removed. */
const mutatedEntry = fc
  .tuple(
    validEntry,
    fc.boolean(),
    fc.constantFrom(...FIELDS),
    fc.constantFrom(...LATENCY_FIELDS),
    odd,
    fc.boolean(),
  )
  .map(([entry, inLatency, field, latencyField, value, remove]) => {
    const copy: Record<string, unknown> = { ...entry };
    if (inLatency && entry.latency !== undefined) {
      const latency: Record<string, unknown> = { ...entry.latency };
      if (remove) delete latency[latencyField];
      else latency[latencyField] = value;
      copy.latency = latency;
    } else if (remove) delete copy[field];
    else copy[field] = value;
    return copy;
  });
const entry = fc.oneof(
  { arbitrary: validEntry, weight: 4 },
  { arbitrary: mutatedEntry, weight: 4 },
  { arbitrary: fc.jsonValue(), weight: 1 },
);
const batch = fc.oneof(
  { arbitrary: fc.record({ metrics: fc.array(entry, { maxLength: 6 }) }), weight: 8 },
  {
    arbitrary: fc.record({ metrics: fc.array(validEntry, { maxLength: 2 }), more: fc.constant(1) }),
    weight: 1,
  },
  { arbitrary: fc.jsonValue(), weight: 1 },
);

describe('the hand check of an events batch', () => {
  it('accepts what the schema accepts, returns what it returns, and refuses the rest', () => {
    fc.assert(
      fc.property(batch, (value) => {
        const zod = eventsBatchSchema.safeParse(value);
        const checked = checkEventsBatch(value);
        expect(checked.ok).toBe(zod.success);
        if (checked.ok && zod.success) expect(checked.batch).toEqual(zod.data);
        if (!checked.ok && !zod.success) {
          // The first problem the schema reports is in the entry the hand check names (or the batch).
          const path = zod.error.issues[0]?.path ?? [];
          if (checked.entry >= 0) expect(path.slice(0, 2)).toEqual(['metrics', checked.entry]);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses a batch over its entry limit', () => {
    const metrics = Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, () => ({ flag: 'a', variant: null }));
    expect(checkEventsBatch({ metrics })).toEqual({ ok: false, entry: -1 });
    expect(checkEventsBatch({ metrics: metrics.slice(1) }).ok).toBe(true);
  });
});
