import { describe, expect, it } from 'vitest';
import type { EpochGuard } from '../../src/delivery/epoch-guard.js';
import { RulesetCache } from '../../src/delivery/ruleset-cache.js';
import type { FlagStore } from '../../src/store/types.js';

const silent = { error() {}, warn() {}, info() {}, debug() {} } as never;

/** A store that serves an empty ruleset at `revision`, or fails while `down`. */
function fakeStore() {
  const store = {
    down: false,
    revision: 3,
    subscribe: () => () => undefined,
    async getRuleset() {
      if (store.down) throw new Error('store down');
      return { revision: store.revision, flags: [], segments: [] };
    },
  };
  return store;
}

function cacheOver(store: ReturnType<typeof fakeStore>, guard: { lost: unknown } = { lost: null }) {
  const epochGuard = { ...guard, epoch: undefined, check: async () => true } as unknown as EpochGuard;
  return new RulesetCache(store as unknown as FlagStore, silent, epochGuard);
}

describe('RulesetCache.ready', () => {
  it('is undefined until an environment has loaded, then the state get gives', async () => {
    const cache = cacheOver(fakeStore());
    expect(cache.ready('production')).toBeUndefined();
    const loading = cache.get('production');
    expect(cache.ready('production')).toBeUndefined();
    const state = await loading;
    expect(cache.ready('production')).toBe(state);
    expect(cache.ready('staging')).toBeUndefined();
  });

  it('is undefined after a failed load, so that get tries the store again', async () => {
    const store = fakeStore();
    const cache = cacheOver(store);
    store.down = true;
    await expect(cache.get('production')).rejects.toThrow('store down');
    expect(cache.ready('production')).toBeUndefined();
    store.down = false;
    expect((await cache.get('production')).revision).toBe(3);
    expect(cache.ready('production')?.revision).toBe(3);
  });

  it('gives the state a reload replaced it with, once that reload is done', async () => {
    const store = fakeStore();
    const cache = cacheOver(store);
    const first = await cache.get('production');
    store.revision = 9;
    await cache.adopt();
    await Promise.resolve();
    const second = cache.ready('production');
    expect(second?.revision).toBe(9);
    expect(second).not.toBe(first);
    expect(await cache.get('production')).toBe(second);
  });
});
