import { describe, expect, it } from 'vitest';
import { fitsDefault, readAsDefault } from '../../src/index.js';
import { typeMismatchCases, typeMismatchName } from '../type-mismatch-table.js';

describe('the shared TYPE_MISMATCH rule', () => {
  it.each(typeMismatchCases.map((c) => [typeMismatchName(c), c] as const))('%s', (_, c) => {
    expect(fitsDefault(c.served, c.default)).toBe(!c.mismatch);
    const served = { value: c.served, variant: 'value', reason: { kind: 'FALLTHROUGH' as const } };
    const read = readAsDefault(served, c.default);
    if (c.mismatch)
      expect(read).toEqual({
        value: c.default,
        variant: null,
        reason: { kind: 'ERROR', errorCode: 'TYPE_MISMATCH' },
      });
    else expect(read).toBe(served);
  });

  it('asks for no check when there is no default, and keeps the reason when nothing was served', () => {
    expect(fitsDefault({ a: 1 }, undefined)).toBe(true);
    const notFound = {
      value: null,
      variant: null,
      reason: { kind: 'ERROR' as const, errorCode: 'FLAG_NOT_FOUND' as const },
    };
    expect(readAsDefault(notFound, 'x')).toEqual({ ...notFound, value: 'x' });
  });
});
