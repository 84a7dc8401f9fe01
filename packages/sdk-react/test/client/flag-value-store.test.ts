import { describe, expect, it, vi } from 'vitest';
import { FLAG_NOT_FOUND, NOT_READY } from '../../src/client/flag-detail.js';
import { createFlagValueStore } from '../../src/client/flag-value-store.js';
import { served } from '../support/fake-flag-server.js';

describe('createFlagValueStore', () => {
  it('reads NOT_READY before values, then each value, and FLAG_NOT_FOUND for unknown keys', () => {
    const store = createFlagValueStore({});
    expect(store.get('a')).toBe(NOT_READY);
    store.replace({ a: served(1) });
    expect(store.get('a')).toEqual(served(1));
    expect(store.get('b')).toBe(FLAG_NOT_FOUND);
    expect(store.getStatus()).toEqual({ ready: true, error: null });
  });

  it('tells the listeners of a key only when that key changes', () => {
    const store = createFlagValueStore({}, { a: served(1), b: served(2) });
    const onA = vi.fn();
    const onB = vi.fn();
    const onAny = vi.fn();
    store.subscribe('a', onA);
    store.subscribe('b', onB);
    store.subscribeAll(onAny);

    store.merge({ b: served(3) });
    expect([onA.mock.calls.length, onB.mock.calls.length, onAny.mock.calls.length]).toEqual([0, 1, 1]);

    // The same values again (a reconnect's put) keep the objects and tell no one.
    const a = store.get('a');
    store.replace({ a: served(1), b: served(3) });
    expect(store.get('a')).toBe(a);
    expect([onA.mock.calls.length, onB.mock.calls.length, onAny.mock.calls.length]).toEqual([0, 1, 1]);

    store.remove(['a']);
    expect(store.get('a')).toBe(FLAG_NOT_FOUND);
    expect(onA).toHaveBeenCalledTimes(1);
  });

  it('drops flags a full set no longer holds', () => {
    const store = createFlagValueStore({}, { a: served(1), b: served(2) });
    const onB = vi.fn();
    store.subscribe('b', onB);
    store.replace({ a: served(1) });
    expect(store.get('b')).toBe(FLAG_NOT_FOUND);
    expect(onB).toHaveBeenCalledTimes(1);
  });

  it('tells every key when it becomes ready, since every read changes', () => {
    const store = createFlagValueStore({});
    const onMissing = vi.fn();
    store.subscribe('missing', onMissing);
    store.merge({ a: served(1) });
    expect(store.getStatus().ready).toBe(false);
    store.replace({ a: served(1) });
    expect(onMissing).toHaveBeenCalledTimes(1);
  });

  it('keeps values through a failure and clears the error with the next payload', () => {
    const store = createFlagValueStore({}, { a: served(1) });
    const onStatus = vi.fn();
    store.subscribeStatus(onStatus);
    const error = new Error('down');
    store.fail(error);
    expect(store.getStatus()).toEqual({ ready: true, error });
    expect(store.get('a')).toEqual(served(1));
    store.merge({});
    expect(store.getStatus()).toEqual({ ready: true, error: null });
    expect(onStatus).toHaveBeenCalledTimes(2);
  });

  it('keeps answering the bootstrap as the initial values after changes', () => {
    const store = createFlagValueStore({}, { a: served(1) });
    const initial = store.get('a');
    store.merge({ a: served(2) });
    expect(store.getInitial('a')).toBe(initial);
    expect(store.getInitialStatus()).toEqual({ ready: true, error: null });
    expect(createFlagValueStore({}).getInitial('a')).toBe(NOT_READY);
  });

  it('stops calling a listener once unsubscribed', () => {
    const store = createFlagValueStore({}, { a: served(1) });
    const onA = vi.fn();
    const unsubscribe = store.subscribe('a', onA);
    unsubscribe();
    store.merge({ a: served(2) });
    expect(onA).not.toHaveBeenCalled();
  });
});
