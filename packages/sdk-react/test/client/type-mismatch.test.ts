import { describe, expect, it } from 'vitest';
import { typeMismatchCases, typeMismatchName } from '../../../shared/test/type-mismatch-table.js';
import { createBrowserClient } from '../../src/index.js';

// The shared TYPE_MISMATCH table through the browser client's variationDetail and variation.

describe('TYPE_MISMATCH in the browser SDK', () => {
  it.each(typeMismatchCases.map((c) => [typeMismatchName(c), c] as const))('%s', (_, c) => {
    const client = createBrowserClient({
      url: 'http://127.0.0.1:9',
      clientKey: 'sy_client_test',
      autoStart: false,
      bootstrap: {
        flags: { subject: { value: c.served as never, variant: 'value', reason: { kind: 'FALLTHROUGH' } } },
      },
    });
    const detail = client.variationDetail('subject', c.default);
    if (c.mismatch) {
      expect(detail).toEqual({
        value: c.default,
        variant: null,
        reason: { kind: 'ERROR', errorCode: 'TYPE_MISMATCH' },
      });
      expect(client.variation('subject', c.default)).toEqual(c.default);
    } else {
      expect(detail).toMatchObject({ value: c.served, variant: 'value' });
      expect(client.variation('subject', c.default)).toEqual(c.served);
    }
  });
});
