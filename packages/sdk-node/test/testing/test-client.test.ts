import { booleanFlag } from '@switchyard/test-support/flags';
import { describe, expect, it } from 'vitest';
import { createTestClient } from '../../src/index.js';

describe('createTestClient', () => {
  it('serves plain values to everyone and full flags as the engine would', async () => {
    const flags = createTestClient({
      flags: {
        'new-checkout': true,
        pricing: '$10',
        canary: booleanFlag('canary', 0, { targets: [{ variant: 'on', values: ['qa'] }] }),
      },
    });
    expect(await flags.ready()).toMatchObject({ state: 'valid', source: 'test' });
    expect(flags.isEnabled('new-checkout', 'anyone')).toBe(true);
    expect(flags.variation('pricing', 'anyone', '$0')).toBe('$10');
    expect(flags.isEnabled('canary', 'qa')).toBe(true);
    expect(flags.isEnabled('canary', 'someone-else')).toBe(false);
    expect(flags.evaluate('canary', 'qa').reason).toEqual({ kind: 'TARGET_MATCH' });
  });

  it('set() changes a flag and emits change; delete() removes it', () => {
    const flags = createTestClient();
    const seen: string[][] = [];
    flags.on('change', (keys) => seen.push(keys));
    expect(flags.isEnabled('new-checkout', 'u-1')).toBe(false);

    flags.set('new-checkout', true);
    expect(flags.isEnabled('new-checkout', 'u-1')).toBe(true);
    flags.set('new-checkout', false);
    expect(flags.isEnabled('new-checkout', 'u-1')).toBe(false);
    flags.set('limits', { max: 3 });
    expect(flags.variation('limits', 'u-1', { max: 1 })).toEqual({ max: 3 });
    flags.delete('limits');
    expect(flags.evaluate('limits', 'u-1', { max: 1 }).reason).toEqual({
      kind: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
    });
    expect(seen).toEqual([['new-checkout'], ['new-checkout'], ['limits'], ['limits']]);
  });

  it('reports flags that depend on a changed segment or prerequisite as changed too', () => {
    const flags = createTestClient({
      flags: {
        'checkout-api-v2': false,
        'new-checkout': booleanFlag('new-checkout', 100, {
          prerequisites: [{ flag: 'checkout-api-v2', variant: 'on' }],
        }),
        beta: booleanFlag('beta', 0, {
          rules: [{ clauses: [{ op: 'inSegment', values: ['testers'] }], serve: { variant: 'on' } }],
        }),
      },
    });
    const seen: string[][] = [];
    flags.on('change', (keys) => seen.push(keys));
    expect(flags.isEnabled('new-checkout', 'u-1')).toBe(false);
    flags.set('checkout-api-v2', true);
    expect(flags.isEnabled('new-checkout', 'u-1')).toBe(true);
    flags.setSegment({ key: 'testers', included: ['u-1'] });
    expect(flags.isEnabled('beta', 'u-1')).toBe(true);
    expect(seen).toEqual([['checkout-api-v2', 'new-checkout'], ['beta']]);
  });

  it('rejects an invalid flag document with a message naming the problem', () => {
    const flags = createTestClient();
    expect(() => flags.set('broken', { ...booleanFlag('broken', 0), offVariant: 'nope' })).toThrow(
      /broken.*offVariant.*unknown variant "nope"/,
    );
    expect(() => flags.set('nan', Number.NaN)).toThrow(/nan/);
  });

  it('keeps listeners from hurting each other', () => {
    const flags = createTestClient({ logger: { debug() {}, info() {}, warn() {}, error() {} } });
    const seen: string[][] = [];
    flags.on('change', () => {
      throw new Error('listener bug');
    });
    const off = flags.on('change', (keys) => seen.push(keys));
    expect(() => flags.set('a', true)).not.toThrow();
    off();
    flags.set('b', true);
    expect(seen).toEqual([['a']]);
  });
});
