import type { Flag } from '@switchyard/shared';
import { booleanFlag } from '@switchyard/test-support/flags';
import { rulesetOrderCases } from '@switchyard/test-support/vectors';
import { describe, expect, it } from 'vitest';
import { createRulesetStore } from '../../src/ruleset/ruleset-store.js';

const flag = (key: string, version: number, percentage: number): Flag => ({
  ...booleanFlag(key, percentage),
  version,
});

describe('a put whose revision goes back in the same store epoch (the shared table)', () => {
  it.each(rulesetOrderCases)('$name: applies $applies', ({ held, incoming, applies }) => {
    const store = createRulesetStore();
    if (held !== null)
      store.replace({ ...held, flags: { checkout: flag('checkout', 4, 30) }, segments: {} }, 'server');
    // What an emptied store would send: the flag gone.
    store.replace({ ...incoming, flags: {}, segments: {} }, 'server');
    expect(store.getFlag('checkout') === undefined).toBe(held === null || applies);
  });
});

describe('patches and deletes behind the held revision', () => {
  it('ignores them: a stream cannot take a flag back to an older revision', () => {
    const store = createRulesetStore();
    store.replace({ epoch: 'e1', revision: 9, flags: { a: flag('a', 3, 100) }, segments: {} }, 'server');
    expect(store.remove({ kind: 'flag', key: 'a', version: 3 }, 5)).toEqual([]);
    expect(store.patch({ kind: 'flag', data: flag('a', 4, 0) }, 8)).toEqual([]);
    expect(store.evaluator.isEnabled('a', 'u')).toBe(true);
    expect(store.patch({ kind: 'flag', data: flag('a', 4, 0) }, 10)).toEqual(['a']);
    expect(store.snapshot()).toMatchObject({ epoch: 'e1', revision: 10 });
  });
});
