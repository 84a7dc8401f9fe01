import { describe, expect, it } from 'vitest';
import { FLAG_NOT_FOUND, NOT_READY, toFlagDetail } from '../../src/client/flag-detail.js';
import { served } from '../support/fake-flag-server.js';

const mismatch = { kind: 'ERROR', errorCode: 'TYPE_MISMATCH' };

describe('toFlagDetail', () => {
  it('serves the default with the reason when nothing was served', () => {
    expect(toFlagDetail(NOT_READY, 'x')).toEqual({ value: 'x', variant: null, reason: NOT_READY.reason });
    expect(toFlagDetail(FLAG_NOT_FOUND, 1)).toEqual({
      value: 1,
      variant: null,
      reason: FLAG_NOT_FOUND.reason,
    });
  });

  it.each([
    [served('on'), false],
    [served(1), 'x'],
    [served(true), 0],
    [served([1]), { a: 1 }],
    [served({ a: 1 }), []],
    [served(null), {}],
  ])('serves the default with TYPE_MISMATCH for %j read with default %j', (result, defaultValue) => {
    expect(toFlagDetail(result, defaultValue)).toEqual({
      value: defaultValue,
      variant: null,
      reason: mismatch,
    });
  });

  it('serves a value of the right type as it came, object identity included', () => {
    const result = served({ theme: 'dark' });
    expect(toFlagDetail(result, { theme: 'light' })).toBe(result);
    expect(toFlagDetail(served('anything'), null).value).toBe('anything');
  });

  it('serves a value the server sent with an error reason, such as TARGETING_KEY_MISSING', () => {
    const offVariant = {
      value: false,
      variant: 'off',
      reason: { kind: 'ERROR' as const, errorCode: 'TARGETING_KEY_MISSING' as const },
    };
    expect(toFlagDetail(offVariant, true)).toBe(offVariant);
  });
});
