import { describe, expect, it } from 'vitest';
import { fromOpenFeatureContext, MAX_CONTEXT_DEPTH } from '../../src/openfeature/context.js';

// What of an OpenFeature evaluation context reaches Switchyard's rules, as the README documents it.

describe('fromOpenFeatureContext', () => {
  it('makes targetingKey the userId, and lets it win over a userId attribute', () => {
    expect(fromOpenFeatureContext({ targetingKey: 'u-1', plan: 'pro' })).toEqual({
      userId: 'u-1',
      plan: 'pro',
    });
    expect(fromOpenFeatureContext({ targetingKey: 'u-1', userId: 'u-2' })).toEqual({ userId: 'u-1' });
    expect(fromOpenFeatureContext({ userId: 'u-2' })).toEqual({ userId: 'u-2' });
  });

  it('leaves userId unset for an empty targetingKey or a userId that is not a string', () => {
    expect(fromOpenFeatureContext({ targetingKey: '' })).toEqual({});
    expect(fromOpenFeatureContext({ userId: ['u-1'] })).toEqual({});
    expect(fromOpenFeatureContext({ userId: 7 })).toEqual({});
  });

  it('keeps strings, booleans, finite numbers and lists of strings and numbers', () => {
    expect(fromOpenFeatureContext({ a: 'x', b: false, c: 0, d: -2.5, e: ['x', 1], f: [] })).toEqual({
      a: 'x',
      b: false,
      c: 0,
      d: -2.5,
      e: ['x', 1],
      f: [],
    });
  });

  it('writes dates as ISO-8601, alone or in lists', () => {
    const date = new Date('2026-03-04T10:00:00Z');
    expect(fromOpenFeatureContext({ signedUpAt: date, visits: [date, 'x'] })).toEqual({
      signedUpAt: '2026-03-04T10:00:00.000Z',
      visits: ['2026-03-04T10:00:00.000Z', 'x'],
    });
  });

  it('flattens nested objects into dotted names', () => {
    expect(fromOpenFeatureContext({ org: { plan: 'pro', address: { country: 'DE' } } })).toEqual({
      'org.plan': 'pro',
      'org.address.country': 'DE',
    });
  });

  it('drops what Switchyard cannot hold, and whole lists that hold any of it', () => {
    expect(
      fromOpenFeatureContext({
        none: null,
        nan: Number.NaN,
        infinite: Number.POSITIVE_INFINITY,
        badDate: new Date('not a date'),
        flags: [true, false],
        mixed: ['x', null],
        nested: [['x']],
        objects: [{ a: 1 }],
      }),
    ).toEqual({});
  });
});

describe('fromOpenFeatureContext with hostile JSON', () => {
  it('drops "__proto__" attributes instead of replacing the prototype', () => {
    const context = fromOpenFeatureContext(
      JSON.parse('{"targetingKey":"u","__proto__":["x"],"a":{"__proto__":"y"}}'),
    );
    expect(Object.getPrototypeOf(context)).toBe(Object.prototype);
    // A nested "__proto__" is only part of a dotted name, an ordinary own property.
    expect({ ...context }).toEqual({ userId: 'u', 'a.__proto__': 'y' });
  });

  it('stops following nested objects below MAX_CONTEXT_DEPTH', () => {
    let nested: Record<string, unknown> = { leaf: 'x' };
    for (let i = 0; i < 100_000; i++) nested = { n: nested };
    expect(fromOpenFeatureContext({ targetingKey: 'u', deep: nested as never })).toEqual({ userId: 'u' });
    expect(fromOpenFeatureContext({ a: { b: { c: 'x' } } })).toEqual({ 'a.b.c': 'x' });
    expect(MAX_CONTEXT_DEPTH).toBeGreaterThanOrEqual(3);
  });
});
