import { booleanFlagAt, type Flag } from '@switchyard/shared';
import { describe, expect, it } from 'vitest';
import { usersMoved } from '../../src/state/flag-impact.js';

const at = (percentage: number, extra: Partial<Flag> = {}): Flag => ({
  key: 'new-checkout',
  ...booleanFlagAt(percentage),
  version: 1,
  ...extra,
});

describe('usersMoved', () => {
  it.each([
    [at(5), at(25), 'About 20% of users get the feature.'],
    [at(25), at(5), 'About 20% of users lose the feature.'],
    [at(12.5), at(12.5, { description: 'x' }), 'No user moves in the percentage rollout.'],
    [at(4), at(4, { enabled: false }), 'About 4% of users lose the feature.'],
    [at(4, { enabled: false }), at(4), 'About 4% of users get the feature.'],
    [at(0.001), at(0.002), 'About 0.001% of users get the feature.'],
  ])('counts the percentage rollout: %#', (before, after, words) => {
    expect(usersMoved(before, after)).toBe(words);
  });

  it('names the users that targets and rules move, which it cannot count', () => {
    const targeted = at(5, { targets: [{ variant: 'on', values: ['alice'] }] });
    expect(usersMoved(at(5), targeted)).toBe(
      'No user moves in the percentage rollout, plus the users named in targets.',
    );
    const ruled = at(10, { rules: [{ clauses: [], serve: { variant: 'on' } }] });
    expect(usersMoved(at(5), ruled)).toBe(
      'About 5% of users get the feature, plus users the changed rules match.',
    );
  });

  it('speaks of variants for flags without a percentage', () => {
    const theme: Flag = {
      key: 'theme',
      type: 'string',
      variants: { dark: 'dark', light: 'light' },
      enabled: true,
      offVariant: 'light',
      fallthrough: { variant: 'light' },
      version: 3,
    };
    expect(usersMoved(theme, { ...theme, enabled: false })).toBe('Every user gets "light".');
    expect(usersMoved(theme, { ...theme, fallthrough: { variant: 'dark' } })).toBe(
      'Users in the default split may get another variant.',
    );
  });
});
