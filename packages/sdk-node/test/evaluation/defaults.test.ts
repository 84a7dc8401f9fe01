import { describe, expect, it } from 'vitest';
import { createTestClient } from '../../src/index.js';

const client = createTestClient({
  flags: { 'new-checkout': true, pricing: '$12', limit: 5, theme: { color: 'blue' } },
});

describe('what the client serves when a flag cannot be evaluated', () => {
  it('serves the default for an unknown flag, with FLAG_NOT_FOUND', () => {
    expect(client.isEnabled('missing', 'u-1')).toBe(false);
    expect(client.variation('missing', 'u-1', '$10')).toBe('$10');
    expect(client.evaluate('missing', 'u-1', '$10')).toEqual({
      value: '$10',
      variant: null,
      reason: { kind: 'ERROR', errorCode: 'FLAG_NOT_FOUND' },
    });
  });

  it.each([
    ['pricing', 10],
    ['pricing', true],
    ['limit', '5'],
    ['new-checkout', 'yes'],
  ] as const)(
    'serves the default of %s for a default of another type (%j), with TYPE_MISMATCH',
    (key, fallback) => {
      expect(client.variation(key, 'u-1', fallback)).toBe(fallback);
      expect(client.evaluate(key, 'u-1', fallback)).toEqual({
        value: fallback,
        variant: null,
        reason: { kind: 'ERROR', errorCode: 'TYPE_MISMATCH' },
      });
    },
  );

  it('answers false from isEnabled on a flag that is not boolean', () => {
    expect(client.isEnabled('pricing', 'u-1')).toBe(false);
    expect(client.isEnabled('theme', 'u-1')).toBe(false);
  });

  it('checks the served value against the default, and accepts no default at all', () => {
    expect(client.variation('theme', 'u-1', { color: 'red' })).toEqual({ color: 'blue' });
    expect(client.variation('theme', 'u-1', 'anything')).toBe('anything');
    expect(client.evaluate('pricing', 'u-1')).toMatchObject({ value: '$12', variant: 'value' });
    expect(client.evaluate('pricing', 'u-1', null).value).toBe('$12');
  });

  it('never throws, whatever the context', () => {
    const odd: unknown[] = [undefined, null, 42, [], () => {}, { userId: 7 }, { userId: null }, Symbol('x')];
    for (const context of odd) {
      // Deliberately passing what the types forbid, as untyped callers can.
      const anyContext = context as never;
      expect(() => client.isEnabled('new-checkout', anyContext)).not.toThrow();
      expect(() => client.variation('pricing', anyContext, '$10')).not.toThrow();
      expect(() => client.evaluate('limit', anyContext, 1)).not.toThrow();
      expect(() => client.allFlags(anyContext)).not.toThrow();
      expect(() => client.recordError('new-checkout', anyContext)).not.toThrow();
    }
    expect(client.isEnabled('new-checkout', null as never)).toBe(true);
  });

  it('reads a user id string as { userId }', () => {
    const ramp = createTestClient({
      flags: {
        ramp: {
          type: 'boolean',
          variants: { on: true, off: false },
          enabled: true,
          offVariant: 'off',
          fallthrough: {
            rollout: {
              variants: [
                { variant: 'on', weight: 50_000 },
                { variant: 'off', weight: 50_000 },
              ],
            },
          },
        },
      },
    });
    for (let i = 0; i < 50; i++) {
      expect(ramp.isEnabled('ramp', `user-${i}`)).toBe(ramp.isEnabled('ramp', { userId: `user-${i}` }));
    }
    expect(ramp.evaluate('ramp', {}).reason).toEqual({ kind: 'ERROR', errorCode: 'TARGETING_KEY_MISSING' });
  });
});
