import { describe, expect, it } from 'vitest';
import { bulkEtag } from '../../src/delivery/ofrep-evaluation.js';

describe('OFREP bulk ETag', () => {
  const context = { targetingKey: 'u-1', plan: 'pro' };

  it('is the same for the same revision, epoch and context, whatever the attribute order', () => {
    expect(bulkEtag(7, context, 'epoch-a')).toBe(
      bulkEtag(7, { plan: 'pro', targetingKey: 'u-1' }, 'epoch-a'),
    );
    expect(bulkEtag(7, context, 'epoch-a')).toMatch(/^"7-[\w-]{22}"$/);
  });

  it('changes with the epoch at the same revision: a store counted again from an earlier number is not a 304', () => {
    expect(bulkEtag(7, context, 'epoch-b')).not.toBe(bulkEtag(7, context, 'epoch-a'));
    expect(bulkEtag(7, context, undefined)).not.toBe(bulkEtag(7, context, 'epoch-a'));
  });

  it('changes with the revision and with the context', () => {
    expect(bulkEtag(8, context, 'epoch-a')).not.toBe(bulkEtag(7, context, 'epoch-a'));
    expect(bulkEtag(7, { ...context, plan: 'free' }, 'epoch-a')).not.toBe(bulkEtag(7, context, 'epoch-a'));
  });
});
