import type { Flag } from '@switchyard/shared';
import { booleanFlag } from '@switchyard/test-support/flags';
import { describe, expect, it } from 'vitest';
import { createRulesetStore } from '../../src/ruleset/ruleset-store.js';

const flag = (key: string, version: number, percentage = 0): Flag => ({
  ...booleanFlag(key, percentage),
  version,
});

describe('the ruleset store', () => {
  it('ignores a patch that is not newer than the flag it holds', () => {
    const store = createRulesetStore();
    store.replace({ revision: 5, flags: { a: flag('a', 3, 100) }, segments: {} }, 'server');
    expect(store.patch({ kind: 'flag', data: flag('a', 3, 0) }, 6)).toEqual([]);
    expect(store.patch({ kind: 'flag', data: flag('a', 2, 0) }, 7)).toEqual([]);
    expect(store.evaluator.isEnabled('a', 'u')).toBe(true);
    expect(store.patch({ kind: 'flag', data: flag('a', 4, 0) }, 8)).toEqual(['a']);
    expect(store.evaluator.isEnabled('a', 'u')).toBe(false);
    expect(store.revision).toBe(8);
  });

  it('does not let a late patch bring back a deleted flag', () => {
    const store = createRulesetStore();
    store.replace({ revision: 1, flags: { a: flag('a', 3) }, segments: {} }, 'server');
    expect(store.remove({ kind: 'flag', key: 'a', version: 4 }, 2)).toEqual(['a']);
    expect(store.patch({ kind: 'flag', data: flag('a', 4) }, 3)).toEqual([]);
    expect(store.getFlag('a')).toBeUndefined();
    expect(store.patch({ kind: 'flag', data: flag('a', 5) }, 4)).toEqual(['a']);
  });

  it('ignores a delete of an older version than the one held', () => {
    const store = createRulesetStore();
    store.replace({ revision: 1, flags: { a: flag('a', 3) }, segments: {} }, 'server');
    expect(store.remove({ kind: 'flag', key: 'a', version: 2 }, 2)).toEqual([]);
    expect(store.getFlag('a')?.version).toBe(3);
  });

  it('reports on replace exactly the flags that were added, removed or changed', () => {
    const store = createRulesetStore();
    const seen: string[][] = [];
    store.onChange((keys) => seen.push(keys));
    store.replace({ flags: { a: flag('a', 1), b: flag('b', 1) }, segments: {} }, 'bootstrap');
    store.replace(
      { revision: 9, flags: { a: flag('a', 1), b: flag('b', 2), c: flag('c', 1) }, segments: {} },
      'server',
    );
    store.replace({ revision: 10, flags: { a: flag('a', 1, 100), c: flag('c', 1) }, segments: {} }, 'server');
    expect(seen).toEqual([
      ['a', 'b'],
      ['b', 'c'],
      ['a', 'b'],
    ]);
    expect(store.snapshot()).toMatchObject({ revision: 10, segments: {} });
    expect(Object.keys(store.snapshot().flags)).toEqual(['a', 'c']);
  });
});
