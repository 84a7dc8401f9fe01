import { describe, expect, it } from 'vitest';
import { typeMismatchCases, typeMismatchName } from '../../../shared/test/type-mismatch-table.js';
import { createTestClient } from '../../src/index.js';

// The shared TYPE_MISMATCH table through the Node SDK's evaluate and variation.

describe('TYPE_MISMATCH in the Node SDK', () => {
  it.each(typeMismatchCases.map((c) => [typeMismatchName(c), c] as const))('%s', (_, c) => {
    const client = createTestClient({ flags: { subject: c.served as never } });
    const result = client.evaluate('subject', 'u-1', c.default);
    if (c.mismatch) {
      expect(result).toEqual({
        value: c.default,
        variant: null,
        reason: { kind: 'ERROR', errorCode: 'TYPE_MISMATCH' },
      });
      expect(client.variation('subject', 'u-1', c.default)).toEqual(c.default);
    } else {
      expect(result.value).toEqual(c.served);
      expect(result.variant).not.toBeNull();
      expect(client.variation('subject', 'u-1', c.default)).toEqual(c.served);
    }
  });
});
