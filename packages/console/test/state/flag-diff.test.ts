import type { Flag } from '@switchyard/shared';
import { describe, expect, it } from 'vitest';
import { describeChanges } from '../../src/state/flag-diff.js';

const base: Flag = {
  key: 'new-checkout',
  type: 'boolean',
  variants: { on: true, off: false },
  enabled: true,
  offVariant: 'off',
  fallthrough: {
    rollout: {
      variants: [
        { variant: 'on', weight: 5_000 },
        { variant: 'off', weight: 95_000 },
      ],
    },
  },
  version: 1,
};

describe('what the history says changed', () => {
  it('names a new flag', () => {
    expect(describeChanges(undefined, base)).toEqual(['Created: boolean flag, on, 5% on']);
  });

  it('names the percentage, the kill switch, description and tags', () => {
    const after: Flag = {
      ...base,
      version: 2,
      enabled: false,
      description: 'New checkout flow',
      tags: ['checkout'],
      fallthrough: {
        rollout: {
          variants: [
            { variant: 'on', weight: 12_500 },
            { variant: 'off', weight: 87_500 },
          ],
        },
      },
    };
    expect(describeChanges(base, after)).toEqual([
      'Turned off (kill switch)',
      'Percentage 5% → 12.5%',
      'Description: "New checkout flow"',
      'Tags: added checkout',
    ]);
  });

  it('names targets added and removed per variant', () => {
    const before = { ...base, targets: [{ variant: 'on', values: ['alice', 'bob'] }] };
    const after = { ...base, targets: [{ variant: 'on', values: ['bob', 'carol'] }] };
    expect(describeChanges(before, after)).toEqual(['Targets for on: added carol; removed alice']);
  });

  it('names rules added, changed and removed, in words', () => {
    const staff = {
      id: 'staff',
      clauses: [{ attribute: 'email', op: 'endsWith' as const, values: ['@acme.com'] }],
      serve: { variant: 'on' },
    };
    const before = { ...base, rules: [staff] };
    const changed = { ...base, rules: [{ ...staff, serve: { variant: 'off' } }] };
    expect(describeChanges(before, changed)).toEqual([
      'Rule 1 (staff) changed: if email endsWith "@acme.com" → serve on ⇒ if email endsWith "@acme.com" → serve off',
    ]);
    expect(describeChanges(base, before)).toEqual([
      'Rule 1 (staff) added: if email endsWith "@acme.com" → serve on',
    ]);
    expect(describeChanges(before, base)).toEqual([
      'Rule 1 (staff) removed: if email endsWith "@acme.com" → serve on',
    ]);
  });

  it('describes the default of a flag that is not boolean', () => {
    const colour: Flag = {
      ...base,
      type: 'string',
      variants: { blue: 'blue', green: 'green' },
      offVariant: 'blue',
      fallthrough: { variant: 'blue' },
    };
    const split: Flag = {
      ...colour,
      fallthrough: {
        rollout: {
          variants: [
            { variant: 'blue', weight: 50_000 },
            { variant: 'green', weight: 50_000 },
          ],
        },
      },
    };
    expect(describeChanges(colour, split)).toEqual(['Default: serve blue → split blue 50%, green 50%']);
  });

  it('says so when a version serves the same as the one before', () => {
    expect(describeChanges(base, { ...base, version: 2 })).toEqual(['No change to what is served']);
  });
});
