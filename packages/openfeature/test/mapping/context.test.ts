import { describe, expect, it } from 'vitest';
import { toSwitchyardContext } from '../../src/mapping/context.js';

// What of an OpenFeature evaluation context reaches Switchyard's rules, as the README documents it.

describe('toSwitchyardContext', () => {
  it('makes targetingKey the userId, and lets it win over a userId attribute', () => {
    expect(toSwitchyardContext({ targetingKey: 'u-1', plan: 'pro' })).toEqual({ userId: 'u-1', plan: 'pro' });
    expect(toSwitchyardContext({ targetingKey: 'u-1', userId: 'u-2' })).toEqual({ userId: 'u-1' });
    expect(toSwitchyardContext({ userId: 'u-2' })).toEqual({ userId: 'u-2' });
  });

  it('leaves userId unset for an empty targetingKey or a userId that is not a string', () => {
    expect(toSwitchyardContext({ targetingKey: '' })).toEqual({});
    expect(toSwitchyardContext({ userId: ['u-1'] })).toEqual({});
    expect(toSwitchyardContext({ userId: 7 })).toEqual({});
  });

  it('keeps strings, booleans, finite numbers and lists of strings and numbers', () => {
    expect(toSwitchyardContext({ a: 'x', b: false, c: 0, d: -2.5, e: ['x', 1], f: [] })).toEqual({
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
    expect(toSwitchyardContext({ signedUpAt: date, visits: [date, 'x'] })).toEqual({
      signedUpAt: '2026-03-04T10:00:00.000Z',
      visits: ['2026-03-04T10:00:00.000Z', 'x'],
    });
  });

  it('flattens nested objects into dotted names', () => {
    expect(toSwitchyardContext({ org: { plan: 'pro', address: { country: 'DE' } } })).toEqual({
      'org.plan': 'pro',
      'org.address.country': 'DE',
    });
  });

  it('drops what Switchyard cannot hold, and whole lists that hold any of it', () => {
    expect(
      toSwitchyardContext({
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
