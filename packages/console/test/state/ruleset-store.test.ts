import type { Flag, RulesetResponse, Segment } from '@switchyard/shared';
import { describe, expect, it } from 'vitest';
import { createRulesetStore } from '../../src/state/ruleset-store.js';

const flag = (key: string, version: number): Flag => ({
  key,
  type: 'boolean',
  variants: { on: true, off: false },
  enabled: true,
  offVariant: 'off',
  fallthrough: { variant: 'on' },
  version,
});
const segment = (key: string, version: number): Segment => ({
  key,
  included: ['u1'],
  excluded: [],
  rules: [],
  version,
});

const ruleset = (revision: number, flags: Flag[], segments: Segment[] = []): RulesetResponse => ({
  revision,
  flags: Object.fromEntries(flags.map((f) => [f.key, f])),
  segments: Object.fromEntries(segments.map((s) => [s.key, s])),
});

describe('the console ruleset store', () => {
  it('a put read before a delete but applied after it does not bring the flag back', () => {
    const store = createRulesetStore();
    store.applyPut(ruleset(10, [flag('checkout', 3), flag('banner', 1)]));
    // A reload reads revision 10, then the stream deletes checkout at revision 11, then the reload lands.
    store.applyDelete({ kind: 'flag', key: 'checkout', version: 3 }, 11);
    store.applyPut(ruleset(10, [flag('checkout', 3), flag('banner', 1)]));
    expect(Object.keys(store.getSnapshot().flags)).toEqual(['banner']);
  });

  it('a late put does not bring back a deleted segment either, even with no revision on the delete', () => {
    const store = createRulesetStore();
    store.applyPut(ruleset(4, [], [segment('beta', 2)]));
    store.applyDelete({ kind: 'segment', key: 'beta', version: 2 }, undefined);
    store.applyPut(ruleset(4, [], [segment('beta', 2)]));
    expect(store.getSnapshot().segments).toEqual({});
  });

  it('a delete that arrives before anything was loaded still holds against the first put', () => {
    const store = createRulesetStore();
    store.applyDelete({ kind: 'flag', key: 'checkout', version: 3 }, 11);
    store.applyPut(ruleset(10, [flag('checkout', 3)]));
    expect(store.getSnapshot().flags).toEqual({});
  });

  it('a flag made again after the delete is shown', () => {
    const store = createRulesetStore();
    store.applyPut(ruleset(10, [flag('checkout', 3)]));
    store.applyDelete({ kind: 'flag', key: 'checkout', version: 3 }, 11);
    store.applyPut(ruleset(12, [flag('checkout', 4)]));
    expect(store.getSnapshot().flags.checkout?.version).toBe(4);
  });

  it('a late put keeps newer patches and documents it did not know of', () => {
    const store = createRulesetStore();
    store.applyPut(ruleset(10, [flag('checkout', 3)]));
    store.applyPatch({ kind: 'flag', data: flag('checkout', 4) }, 11);
    store.applyPatch({ kind: 'flag', data: flag('banner', 1) }, 12);
    store.applyPut(ruleset(10, [flag('checkout', 3)]));
    const { flags } = store.getSnapshot();
    expect(flags.checkout?.version).toBe(4);
    expect(flags.banner?.version).toBe(1);
  });

  it('a put newer than everything applied is the whole truth', () => {
    const store = createRulesetStore();
    store.applyPut(ruleset(10, [flag('checkout', 3), flag('banner', 1)]));
    store.applyPut(ruleset(13, [flag('checkout', 5)]));
    expect(Object.keys(store.getSnapshot().flags)).toEqual(['checkout']);
    expect(store.getSnapshot().flags.checkout?.version).toBe(5);
  });

  it('a reloaded flag read before its delete stays deleted', () => {
    const store = createRulesetStore();
    store.applyPut(ruleset(10, [flag('checkout', 3)]));
    store.applyDelete({ kind: 'flag', key: 'checkout', version: 3 }, 11);
    store.upsertFlag(flag('checkout', 3));
    expect(store.getSnapshot().flags).toEqual({});
  });
});
