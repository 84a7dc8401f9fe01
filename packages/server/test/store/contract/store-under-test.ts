import { booleanFlagAt, type Flag, type FlagVariantMetrics, type Segment } from '@switchyard/shared';
import { afterEach, beforeEach } from 'vitest';
import type { ApiKeyRecord, AuditInput, FlagStore, WriteResult } from '../../../src/store/types.js';

/**
 * The behaviour every FlagStore promises is registered once per implementation. A target gives fresh,
 * empty storage per test; `open` may be called again on it after `close` to check what survives.
 */
export interface StoreTarget {
  open(): Promise<FlagStore>;
  /**
   * Stores that write to the same data at once: new ones with their own connections where the
   * backend allows, else `current` itself.
   */
  openWriters(count: number, current: FlagStore): Promise<FlagStore[]>;
  dispose?(): Promise<void>;
}

export const ada = { keyId: 'key-ada', name: 'Ada' };
export const bob = { keyId: 'key-bob', name: 'Bob' };
export const by = (actor: typeof ada, action: string, details?: Record<string, unknown>): AuditInput =>
  details === undefined ? { actor, action } : { actor, action, details };

export function booleanFlag(key: string, version: number, onPercent = 0, description?: string): Flag {
  return {
    key,
    ...(description === undefined ? {} : { description }),
    ...booleanFlagAt(onPercent),
    version,
  };
}

export function segment(key: string, version: number, included: string[] = []): Segment {
  return { key, included, excluded: [], rules: [], version };
}

export function apiKey(id: string, environment: string | null, secretHash: string): ApiKeyRecord {
  return {
    id,
    kind: environment === null ? 'admin' : 'server',
    name: `key ${id}`,
    environment,
    secretHash,
    createdAt: new Date().toISOString(),
    revokedAt: null,
  };
}

export const nowMinute = () => Math.floor(Date.now() / 60_000);

export function variantMetrics(
  flag: string,
  variant: string | null,
  evaluations: number,
  latencyMs?: number,
) {
  const m: FlagVariantMetrics = { flag, variant, evaluations, exposures: evaluations > 0 ? 1 : 0, errors: 0 };
  if (latencyMs !== undefined) {
    m.latency = { counts: new Array(14).fill(0), sumMs: latencyMs };
    (m.latency.counts as number[])[2] = 1;
  }
  return m;
}

/** The store a contract test works on: fresh per test, `production` and `staging` created. */
export interface StoreUnderTest {
  readonly target: StoreTarget;
  readonly store: FlagStore;
  /** Every store opened in this test, closed after it. */
  readonly opened: FlagStore[];
  /** Closes the store and opens the same storage again. */
  reopen(): Promise<FlagStore>;
  /**
   * Writes version `version` of the boolean flag `checkout` in `production` at `percentage`,
   * expecting the version before it: a create (by Ada) for version 1, else a rollout (by `as`).
   */
  write(version: number, percentage?: number, as?: AuditInput): Promise<WriteResult<Flag>>;
}

/** Registers the set-up and clean-up of each test; read `store` inside tests only. */
export function useStoreUnderTest(makeTarget: () => Promise<StoreTarget>): StoreUnderTest {
  let target: StoreTarget | undefined;
  let store: FlagStore | undefined;
  const opened: FlagStore[] = [];
  const open = async () => {
    const s = await t.target.open();
    opened.push(s);
    return s;
  };
  const t: StoreUnderTest = {
    get target() {
      if (target === undefined) throw new Error('no target outside a test');
      return target;
    },
    get store() {
      if (store === undefined) throw new Error('no store outside a test');
      return store;
    },
    opened,
    async reopen() {
      await t.store.close();
      store = await open();
      return store;
    },
    write: (version, percentage = 0, as = by(ada, version === 1 ? 'flag.create' : 'flag.rollout')) =>
      t.store.compareAndSetFlag(
        'production',
        'checkout',
        version === 1 ? null : version - 1,
        booleanFlag('checkout', version, percentage),
        as,
      ),
  };

  beforeEach(async () => {
    target = await makeTarget();
    store = await open();
    for (const key of ['production', 'staging']) {
      await store.createEnvironment(
        { key, name: key.toUpperCase(), createdAt: new Date().toISOString() },
        by(ada, 'environment.create'),
      );
    }
  });

  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
    await target?.dispose?.();
  });
  return t;
}
