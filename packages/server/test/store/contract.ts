import { booleanFlagAt, type Flag, type FlagVariantMetrics, type Segment } from '@switchyard/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANGES_KEPT, HISTORY_KEPT } from '../../src/store/limits.js';
import type { ApiKeyRecord, AuditInput, FlagStore, StoreChange } from '../../src/store/types.js';

/**
 * The behaviour every FlagStore promises, registered once per implementation. A target gives fresh,
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

const ada = { keyId: 'key-ada', name: 'Ada' };
const bob = { keyId: 'key-bob', name: 'Bob' };
const by = (actor: typeof ada, action: string, details?: Record<string, unknown>): AuditInput =>
  details === undefined ? { actor, action } : { actor, action, details };

export function booleanFlag(key: string, version: number, onPercent = 0, description?: string): Flag {
  return {
    key,
    ...(description === undefined ? {} : { description }),
    ...booleanFlagAt(onPercent),
    version,
  };
}

function segment(key: string, version: number, included: string[] = []): Segment {
  return { key, included, excluded: [], rules: [], version };
}

function apiKey(id: string, environment: string | null, secretHash: string): ApiKeyRecord {
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

const nowMinute = () => Math.floor(Date.now() / 60_000);

function variantMetrics(flag: string, variant: string | null, evaluations: number, latencyMs?: number) {
  const m: FlagVariantMetrics = { flag, variant, evaluations, exposures: evaluations > 0 ? 1 : 0, errors: 0 };
  if (latencyMs !== undefined) {
    m.latency = { counts: new Array(14).fill(0), sumMs: latencyMs };
    (m.latency.counts as number[])[2] = 1;
  }
  return m;
}

export function describeStoreContract(name: string, makeTarget: () => Promise<StoreTarget>): void {
  describe(`${name}: FlagStore contract`, () => {
    let target: StoreTarget;
    let store: FlagStore;
    const opened: FlagStore[] = [];

    const open = async () => {
      const s = await target.open();
      opened.push(s);
      return s;
    };
    const reopen = async () => {
      await store.close();
      store = await open();
      return store;
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
      await target.dispose?.();
    });

    describe('the store epoch', () => {
      const epoch = (id: string, origin: 'start' | 'restore' | 'accept' = 'start') => ({
        id,
        origin,
        at: new Date().toISOString(),
      });

      it('has none until claimed; of writers claiming at once the first wins, and it survives a reopen', async () => {
        expect(await store.readEpoch()).toBeNull();
        const writers = await target.openWriters(5, store);
        const claimed = await Promise.all(writers.map((w, i) => w.claimEpoch(epoch(`candidate-${i}`))));
        expect(new Set(claimed.map((e) => e.id)).size).toBe(1);
        expect((await store.readEpoch())?.id).toBe(claimed[0]?.id);
        expect((await (await reopen()).readEpoch())?.id).toBe(claimed[0]?.id);
      });

      it('is replaced by a restore or accept, and a later claim keeps the replacement', async () => {
        await store.claimEpoch(epoch('first'));
        await store.replaceEpoch(epoch('restored', 'restore'));
        expect(await store.claimEpoch(epoch('late'))).toMatchObject({ id: 'restored', origin: 'restore' });
        expect(await store.readEpoch()).toMatchObject({ id: 'restored', origin: 'restore' });
      });
    });

    describe('environments', () => {
      it('lists environments in creation order and reads one back', async () => {
        expect((await store.listEnvironments()).map((e) => e.key)).toEqual(['production', 'staging']);
        expect(await store.getEnvironment('staging')).toMatchObject({ key: 'staging', name: 'STAGING' });
        expect(await store.getEnvironment('nowhere')).toBeUndefined();
      });

      it('refuses to create an environment twice and keeps the first', async () => {
        const again = { key: 'production', name: 'Other', createdAt: new Date().toISOString() };
        expect(await store.createEnvironment(again, by(bob, 'environment.create'))).toBe(false);
        expect((await store.getEnvironment('production'))?.name).toBe('PRODUCTION');
        expect(await store.listEnvironments()).toHaveLength(2);
      });

      it('rejects writes to an environment that does not exist', async () => {
        await expect(
          store.compareAndSetFlag('nowhere', 'a', null, booleanFlag('a', 1), by(ada, 'x')),
        ).rejects.toThrow(/nowhere/);
        expect(await store.listEnvironments()).toHaveLength(2);
      });
    });

    describe('flags', () => {
      it('creates, reads, updates and deletes a flag with version checks', async () => {
        const created = await store.compareAndSetFlag(
          'production',
          'checkout',
          null,
          booleanFlag('checkout', 1),
          by(ada, 'flag.create'),
        );
        expect(created).toEqual({ ok: true, revision: 1, value: booleanFlag('checkout', 1) });
        expect(await store.getFlag('production', 'checkout')).toEqual(booleanFlag('checkout', 1));
        expect(await store.getFlag('staging', 'checkout')).toBeUndefined();

        const ramped = await store.compareAndSetFlag(
          'production',
          'checkout',
          1,
          booleanFlag('checkout', 2, 5),
          by(ada, 'flag.rollout'),
        );
        expect(ramped).toMatchObject({ ok: true, revision: 2 });
        expect(await store.getFlag('production', 'checkout')).toEqual(booleanFlag('checkout', 2, 5));

        const deleted = await store.compareAndSetFlag(
          'production',
          'checkout',
          2,
          null,
          by(ada, 'flag.delete'),
        );
        expect(deleted).toEqual({ ok: true, revision: 3, value: null });
        expect(await store.getFlag('production', 'checkout')).toBeUndefined();
        expect(await store.listFlags('production')).toEqual([]);
      });

      it('reports a conflict with the current flag on a stale or missing version', async () => {
        await store.compareAndSetFlag(
          'production',
          'checkout',
          null,
          booleanFlag('checkout', 1),
          by(ada, 'flag.create'),
        );
        await store.compareAndSetFlag(
          'production',
          'checkout',
          1,
          booleanFlag('checkout', 2, 25),
          by(ada, 'flag.rollout'),
        );

        const stale = await store.compareAndSetFlag(
          'production',
          'checkout',
          1,
          booleanFlag('checkout', 2, 50),
          by(bob, 'flag.rollout'),
        );
        expect(stale).toEqual({ ok: false, current: booleanFlag('checkout', 2, 25) });
        const createAgain = await store.compareAndSetFlag(
          'production',
          'checkout',
          null,
          booleanFlag('checkout', 1),
          by(bob, 'flag.create'),
        );
        expect(createAgain).toEqual({ ok: false, current: booleanFlag('checkout', 2, 25) });
        const staleDelete = await store.compareAndSetFlag(
          'production',
          'checkout',
          7,
          null,
          by(bob, 'flag.delete'),
        );
        expect(staleDelete).toEqual({ ok: false, current: booleanFlag('checkout', 2, 25) });
        const updateMissing = await store.compareAndSetFlag(
          'production',
          'ghost',
          1,
          booleanFlag('ghost', 2),
          by(bob, 'flag.update'),
        );
        expect(updateMissing).toEqual({ ok: false, current: undefined });
        const deleteMissing = await store.compareAndSetFlag(
          'production',
          'ghost',
          null,
          null,
          by(bob, 'flag.delete'),
        );
        expect(deleteMissing).toEqual({ ok: false, current: undefined });

        expect(await store.getFlag('production', 'checkout')).toEqual(booleanFlag('checkout', 2, 25));
        expect((await store.getRuleset('production')).revision).toBe(2);
      });

      it('lists the flags of one environment only', async () => {
        for (const key of ['a', 'b', 'c']) {
          await store.compareAndSetFlag('production', key, null, booleanFlag(key, 1), by(ada, 'flag.create'));
        }
        await store.compareAndSetFlag('staging', 'z', null, booleanFlag('z', 1), by(ada, 'flag.create'));
        expect((await store.listFlags('production')).map((f) => f.key).sort()).toEqual(['a', 'b', 'c']);
        expect((await store.listFlags('staging')).map((f) => f.key)).toEqual(['z']);
        expect(await store.listFlags('nowhere')).toEqual([]);
      });

      it('refuses a document that is invalid or stored under another key', async () => {
        const broken = { ...booleanFlag('a', 1), offVariant: 'missing' };
        await expect(
          store.compareAndSetFlag('production', 'a', null, broken, by(ada, 'flag.create')),
        ).rejects.toThrow();
        await expect(
          store.compareAndSetFlag('production', 'a', null, booleanFlag('b', 1), by(ada, 'flag.create')),
        ).rejects.toThrow(/"a"/);
        expect(await store.listFlags('production')).toEqual([]);
        expect((await store.getRuleset('production')).revision).toBe(0);
      });

      it('hands out copies: changing a returned flag changes nothing stored', async () => {
        const written = booleanFlag('a', 1);
        await store.compareAndSetFlag('production', 'a', null, written, by(ada, 'flag.create'));
        written.enabled = false;
        const read = await store.getFlag('production', 'a');
        if (read === undefined) throw new Error('flag missing');
        read.variants.on = 'mutated';
        expect(await store.getFlag('production', 'a')).toEqual(booleanFlag('a', 1));
      });
    });

    describe('segments', () => {
      it('creates, updates and deletes segments with version checks', async () => {
        expect(
          await store.compareAndSetSegment(
            'production',
            'beta',
            null,
            segment('beta', 1, ['u1']),
            by(ada, 'segment.create'),
          ),
        ).toEqual({
          ok: true,
          revision: 1,
          value: segment('beta', 1, ['u1']),
        });
        expect(await store.getSegment('production', 'beta')).toEqual(segment('beta', 1, ['u1']));
        expect(
          await store.compareAndSetSegment(
            'production',
            'beta',
            0,
            segment('beta', 2),
            by(bob, 'segment.update'),
          ),
        ).toEqual({
          ok: false,
          current: segment('beta', 1, ['u1']),
        });
        expect(
          await store.compareAndSetSegment(
            'production',
            'beta',
            null,
            segment('beta', 1),
            by(bob, 'segment.create'),
          ),
        ).toEqual({
          ok: false,
          current: segment('beta', 1, ['u1']),
        });
        await store.compareAndSetSegment(
          'production',
          'beta',
          1,
          segment('beta', 2, ['u1', 'u2']),
          by(ada, 'segment.update'),
        );
        expect(await store.listSegments('production')).toEqual([segment('beta', 2, ['u1', 'u2'])]);
        expect(
          await store.compareAndSetSegment('production', 'beta', 2, null, by(ada, 'segment.delete')),
        ).toEqual({
          ok: true,
          revision: 3,
          value: null,
        });
        expect(await store.getSegment('production', 'beta')).toBeUndefined();
        expect(await store.listSegments('staging')).toEqual([]);
      });
    });

    describe('history and audit', () => {
      it('keeps every version of a flag, newest first, after the flag is deleted', async () => {
        await store.compareAndSetFlag(
          'production',
          'checkout',
          null,
          booleanFlag('checkout', 1),
          by(ada, 'flag.create'),
        );
        await store.compareAndSetFlag(
          'production',
          'checkout',
          1,
          booleanFlag('checkout', 2, 5),
          by(ada, 'flag.rollout'),
        );
        await store.compareAndSetFlag(
          'production',
          'checkout',
          2,
          booleanFlag('checkout', 3, 50),
          by(ada, 'flag.rollout'),
        );
        await store.compareAndSetFlag('production', 'checkout', 3, null, by(ada, 'flag.delete'));
        const history = await store.flagHistory('production', 'checkout');
        expect(history).toEqual([
          booleanFlag('checkout', 3, 50),
          booleanFlag('checkout', 2, 5),
          booleanFlag('checkout', 1),
        ]);
        expect(await store.flagHistory('staging', 'checkout')).toEqual([]);
      });

      it('records who changed what, before and after, newest first', async () => {
        await store.compareAndSetFlag(
          'production',
          'checkout',
          null,
          booleanFlag('checkout', 1),
          by(ada, 'flag.create'),
        );
        await store.compareAndSetFlag(
          'production',
          'checkout',
          1,
          booleanFlag('checkout', 2, 5),
          by(bob, 'flag.rollout', { from: 0, to: 5 }),
        );
        await store.compareAndSetFlag(
          'production',
          'checkout',
          7,
          booleanFlag('checkout', 8),
          by(bob, 'flag.rollout'),
        );

        const [latest, first] = await store.listAudit({ environment: 'production', flag: 'checkout' });
        expect(latest).toMatchObject({
          actor: bob,
          action: 'flag.rollout',
          environment: 'production',
          resource: { kind: 'flag', key: 'checkout' },
          before: booleanFlag('checkout', 1),
          after: booleanFlag('checkout', 2, 5),
          details: { from: 0, to: 5 },
        });
        expect(typeof latest?.id).toBe('string');
        expect(Number.isNaN(Date.parse(latest?.at ?? ''))).toBe(false);
        expect(first).toMatchObject({
          actor: ada,
          action: 'flag.create',
          before: null,
          after: booleanFlag('checkout', 1),
        });
        // The conflicting write changed nothing, so it left no audit entry.
        expect(await store.listAudit({ flag: 'checkout' })).toHaveLength(2);
      });

      it('filters the audit log by environment and flag, with a limit', async () => {
        for (let v = 1; v <= 5; v++) {
          await store.compareAndSetFlag(
            'production',
            'a',
            v === 1 ? null : v - 1,
            booleanFlag('a', v),
            by(ada, 'flag.update'),
          );
        }
        await store.compareAndSetFlag('production', 'b', null, booleanFlag('b', 1), by(ada, 'flag.create'));
        await store.compareAndSetFlag('staging', 'a', null, booleanFlag('a', 1), by(ada, 'flag.create'));
        await store.compareAndSetSegment('production', 'a', null, segment('a', 1), by(ada, 'segment.create'));

        const flagA = await store.listAudit({ environment: 'production', flag: 'a' });
        expect(flagA.map((e) => (e.after as Flag).version)).toEqual([5, 4, 3, 2, 1]);
        expect(flagA.every((e) => e.resource.kind === 'flag' && e.environment === 'production')).toBe(true);
        expect(
          (await store.listAudit({ environment: 'production', flag: 'a', limit: 2 })).map(
            (e) => (e.after as Flag).version,
          ),
        ).toEqual([5, 4]);

        const production = await store.listAudit({ environment: 'production' });
        // 7 writes plus the environment's creation.
        expect(production).toHaveLength(8);
        expect(production[0]?.resource).toEqual({ kind: 'segment', key: 'a' });
        expect(production.at(-1)?.resource).toEqual({ kind: 'environment', key: 'production' });
        expect(await store.listAudit({ flag: 'a' })).toHaveLength(6);
        expect(await store.listAudit({})).toHaveLength(10);
        expect(await store.listAudit({ limit: 3 })).toHaveLength(3);
      });
    });

    describe('revisions and change log', () => {
      it('raises the revision by exactly one per change, per environment', async () => {
        expect((await store.getRuleset('production')).revision).toBe(0);
        const revisions: number[] = [];
        for (let v = 1; v <= 4; v++) {
          const r = await store.compareAndSetFlag(
            'production',
            'a',
            v === 1 ? null : v - 1,
            booleanFlag('a', v),
            by(ada, 'flag.update'),
          );
          if (r.ok) revisions.push(r.revision);
        }
        const s = await store.compareAndSetSegment(
          'production',
          's',
          null,
          segment('s', 1),
          by(ada, 'segment.create'),
        );
        if (s.ok) revisions.push(s.revision);
        await store.compareAndSetFlag('staging', 'a', null, booleanFlag('a', 1), by(ada, 'flag.create'));
        expect(revisions).toEqual([1, 2, 3, 4, 5]);
        const ruleset = await store.getRuleset('production');
        expect(ruleset).toEqual({ revision: 5, flags: [booleanFlag('a', 4)], segments: [segment('s', 1)] });
        expect((await store.getRuleset('staging')).revision).toBe(1);
      });

      it('returns exactly the changes after a revision, oldest first', async () => {
        await store.compareAndSetFlag('production', 'a', null, booleanFlag('a', 1), by(ada, 'flag.create'));
        await store.compareAndSetSegment('production', 's', null, segment('s', 1), by(ada, 'segment.create'));
        await store.compareAndSetFlag('production', 'a', 1, booleanFlag('a', 2, 10), by(ada, 'flag.rollout'));
        await store.compareAndSetFlag('production', 'a', 2, null, by(ada, 'flag.delete'));

        expect(await store.changesSince('production', 1)).toEqual([
          { environment: 'production', revision: 2, kind: 'segment', key: 's', data: segment('s', 1) },
          { environment: 'production', revision: 3, kind: 'flag', key: 'a', data: booleanFlag('a', 2, 10) },
          { environment: 'production', revision: 4, kind: 'flag', key: 'a', data: null },
        ]);
        expect((await store.changesSince('production', 0))?.map((c) => c.revision)).toEqual([1, 2, 3, 4]);
        expect(await store.changesSince('production', 4)).toEqual([]);
        expect(await store.changesSince('staging', 0)).toEqual([]);
        // A revision the environment never reached cannot be caught up from.
        expect(await store.changesSince('production', 9)).toBeNull();
      });

      it(`keeps the last ${CHANGES_KEPT} changes and answers null for older revisions`, async () => {
        const total = CHANGES_KEPT + 5;
        for (let v = 1; v <= total; v++) {
          await store.compareAndSetFlag(
            'production',
            'busy',
            v === 1 ? null : v - 1,
            booleanFlag('busy', v),
            by(ada, 'flag.update'),
          );
        }
        expect(await store.changesSince('production', 0)).toBeNull();
        expect(await store.changesSince('production', 4)).toBeNull();
        const kept = await store.changesSince('production', total - CHANGES_KEPT);
        expect(kept).toHaveLength(CHANGES_KEPT);
        expect(kept?.[0]?.revision).toBe(total - CHANGES_KEPT + 1);
        expect(kept?.at(-1)?.data).toEqual(booleanFlag('busy', total));
        const history = await store.flagHistory('production', 'busy');
        expect(history).toHaveLength(Math.min(total, HISTORY_KEPT));
        expect(history[0]).toEqual(booleanFlag('busy', total));
      });
    });

    describe('subscribe', () => {
      it('delivers each change once, in revision order, until unsubscribed', async () => {
        const seen: StoreChange[] = [];
        const stop = store.subscribe((c) => seen.push(c));
        await store.compareAndSetFlag('production', 'a', null, booleanFlag('a', 1), by(ada, 'flag.create'));
        await store.compareAndSetSegment('staging', 's', null, segment('s', 1), by(ada, 'segment.create'));
        await store.compareAndSetFlag('production', 'a', 1, booleanFlag('a', 2, 30), by(ada, 'flag.rollout'));
        await store.compareAndSetFlag('production', 'a', 9, booleanFlag('a', 10), by(ada, 'flag.rollout')); // conflict
        await store.compareAndSetFlag('production', 'a', 2, null, by(ada, 'flag.delete'));
        await vi.waitFor(() => expect(seen).toHaveLength(4), { timeout: 5_000 });
        expect(seen).toEqual([
          { environment: 'production', revision: 1, kind: 'flag', key: 'a', data: booleanFlag('a', 1) },
          { environment: 'staging', revision: 1, kind: 'segment', key: 's', data: segment('s', 1) },
          { environment: 'production', revision: 2, kind: 'flag', key: 'a', data: booleanFlag('a', 2, 30) },
          { environment: 'production', revision: 3, kind: 'flag', key: 'a', data: null },
        ]);

        // A marker change shows that nothing else (no duplicate) was on its way before it.
        const marker: StoreChange[] = [];
        const stopMarker = store.subscribe((c) => marker.push(c));
        stop();
        await store.compareAndSetFlag(
          'production',
          'marker',
          null,
          booleanFlag('marker', 1),
          by(ada, 'flag.create'),
        );
        await vi.waitFor(() => expect(marker).toHaveLength(1), { timeout: 5_000 });
        stopMarker();
        expect(seen).toHaveLength(4);
      });

      it('keeps delivering to other listeners when one throws, and the write still succeeds', async () => {
        const seen: number[] = [];
        store.subscribe(() => {
          throw new Error('listener bug');
        });
        store.subscribe((c) => seen.push(c.revision));
        const result = await store.compareAndSetFlag(
          'production',
          'a',
          null,
          booleanFlag('a', 1),
          by(ada, 'flag.create'),
        );
        expect(result.ok).toBe(true);
        await store.compareAndSetFlag('production', 'a', 1, booleanFlag('a', 2), by(ada, 'flag.update'));
        await vi.waitFor(() => expect(seen).toEqual([1, 2]), { timeout: 5_000 });
      });

      it('delivers concurrent writes in revision order', async () => {
        const seen: number[] = [];
        store.subscribe((c) => {
          if (c.environment === 'production') seen.push(c.revision);
        });
        await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            store.compareAndSetFlag(
              'production',
              `f${i}`,
              null,
              booleanFlag(`f${i}`, 1),
              by(ada, 'flag.create'),
            ),
          ),
        );
        await vi.waitFor(() => expect(seen).toHaveLength(30), { timeout: 5_000 });
        expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      });
    });

    describe('API keys', () => {
      it('creates, lists, finds by hash and revokes keys, with audit entries', async () => {
        const k1 = apiKey('k1', 'production', 'hash-1');
        await store.createApiKey(k1, by(ada, 'key.create'));
        await store.createApiKey(apiKey('k2', null, 'hash-2'), by(ada, 'key.create'));
        expect((await store.listApiKeys()).map((k) => k.id).sort()).toEqual(['k1', 'k2']);
        expect(await store.findApiKeyByHash('hash-1')).toEqual(k1);
        expect(await store.findApiKeyByHash('nope')).toBeUndefined();

        expect(await store.revokeApiKey('k1', by(bob, 'key.revoke'))).toBe(true);
        expect(await store.revokeApiKey('ghost', by(bob, 'key.revoke'))).toBe(false);
        const revoked = await store.findApiKeyByHash('hash-1');
        expect(Number.isNaN(Date.parse(revoked?.revokedAt ?? ''))).toBe(false);
        expect((await store.listApiKeys()).find((k) => k.id === 'k2')?.revokedAt).toBeNull();

        const audit = await store.listAudit({ environment: 'production' });
        expect(audit[0]).toMatchObject({
          actor: bob,
          action: 'key.revoke',
          resource: { kind: 'apiKey', key: 'k1' },
        });
        expect(audit[1]).toMatchObject({ actor: ada, action: 'key.create', before: null });
        // The audit log never holds the secret's hash.
        expect(JSON.stringify(await store.listAudit({}))).not.toContain('hash-1');
        expect(await store.listAudit({ flag: 'k1' })).toEqual([]);
      });

      it('announces each revoked key once to revocation listeners', async () => {
        const heard: string[] = [];
        const stop = store.onApiKeyRevoked((id) => heard.push(id));
        await store.createApiKey(apiKey('k1', 'production', 'hash-1'), by(ada, 'key.create'));
        await store.revokeApiKey('k1', by(bob, 'key.revoke'));
        await store.revokeApiKey('k1', by(bob, 'key.revoke'));
        await vi.waitFor(() => expect(heard).toEqual(['k1']), { timeout: 5_000 });
        stop();
      });
    });

    describe('metrics', () => {
      it('adds batches up per minute and flag variant, and reads a minute range back', async () => {
        const m = nowMinute();
        await store.addMetrics('production', m - 1, [variantMetrics('checkout', 'on', 3, 4)]);
        await store.addMetrics('production', m, [
          variantMetrics('checkout', 'on', 5, 3),
          variantMetrics('checkout', 'off', 2),
        ]);
        await store.addMetrics('production', m, [
          variantMetrics('checkout', 'on', 1),
          variantMetrics('checkout', null, 7),
          variantMetrics('other', 'on', 100),
        ]);
        await store.addMetrics('staging', m, [variantMetrics('checkout', 'on', 50)]);

        const read = await store.readMetrics('production', 'checkout', m - 10, m);
        expect(read.map((r) => [r.minute, r.variant, r.evaluations, r.exposures])).toEqual([
          [m - 1, 'on', 3, 1],
          [m, null, 7, 1],
          [m, 'off', 2, 1],
          [m, 'on', 6, 2],
        ]);
        const onNow = read.find((r) => r.minute === m && r.variant === 'on');
        expect(onNow?.latency?.counts[2]).toBe(1);
        expect(onNow?.latency?.sumMs).toBe(3);
        expect(read.find((r) => r.variant === 'off')?.latency).toBeUndefined();
        expect((await store.readMetrics('production', 'checkout', m, m)).map((r) => r.variant)).toEqual([
          null,
          'off',
          'on',
        ]);
        expect(await store.readMetrics('production', 'checkout', m + 1, m + 5)).toEqual([]);
        expect(await store.readMetrics('staging', 'other', m - 10, m)).toEqual([]);
      });
    });

    describe('durability', () => {
      it('has everything after the store is closed and opened again', async () => {
        const m = nowMinute();
        await store.compareAndSetFlag('production', 'a', null, booleanFlag('a', 1), by(ada, 'flag.create'));
        await store.compareAndSetFlag('production', 'a', 1, booleanFlag('a', 2, 5), by(bob, 'flag.rollout'));
        await store.compareAndSetSegment(
          'production',
          's',
          null,
          segment('s', 1, ['u']),
          by(ada, 'segment.create'),
        );
        await store.compareAndSetFlag(
          'staging',
          'gone',
          null,
          booleanFlag('gone', 1),
          by(ada, 'flag.create'),
        );
        await store.compareAndSetFlag('staging', 'gone', 1, null, by(ada, 'flag.delete'));
        await store.createApiKey(apiKey('k1', 'production', 'hash-1'), by(ada, 'key.create'));
        await store.revokeApiKey('k1', by(ada, 'key.revoke'));
        await store.addMetrics('production', m, [variantMetrics('a', 'on', 4)]);
        const audit = await store.listAudit({});
        const keys = await store.listApiKeys();

        const again = await reopen();
        expect((await again.listEnvironments()).map((e) => e.key)).toEqual(['production', 'staging']);
        expect(await again.getRuleset('production')).toEqual({
          revision: 3,
          flags: [booleanFlag('a', 2, 5)],
          segments: [segment('s', 1, ['u'])],
        });
        expect(await again.getRuleset('staging')).toEqual({ revision: 2, flags: [], segments: [] });
        expect(await again.flagHistory('staging', 'gone')).toEqual([booleanFlag('gone', 1)]);
        expect((await again.changesSince('production', 0))?.map((c) => c.revision)).toEqual([1, 2, 3]);
        expect(await again.listAudit({})).toEqual(audit);
        expect(await again.listApiKeys()).toEqual(keys);
        expect((await again.readMetrics('production', 'a', m, m)).map((r) => r.evaluations)).toEqual([4]);

        // And it goes on from where it was.
        const next = await again.compareAndSetFlag(
          'production',
          'a',
          2,
          booleanFlag('a', 3),
          by(ada, 'flag.update'),
        );
        expect(next).toMatchObject({ ok: true, revision: 4 });
      });

      it('answers checkReady while open and refuses once closed', async () => {
        await expect(store.checkReady()).resolves.toBeUndefined();
        await store.close();
        await expect(store.checkReady()).rejects.toThrow();
        await expect(store.getFlag('production', 'a')).rejects.toThrow(/closed/);
      });
    });

    describe('concurrency', () => {
      it('lets exactly one of 50 concurrent writes with the same expected version win', async () => {
        await store.compareAndSetFlag(
          'production',
          'hot',
          null,
          booleanFlag('hot', 1),
          by(ada, 'flag.create'),
        );
        const writers = await target.openWriters(5, store);
        opened.push(...writers);
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            (writers[i % writers.length] as FlagStore).compareAndSetFlag(
              'production',
              'hot',
              1,
              booleanFlag('hot', 2, 0, `writer ${i}`),
              by(ada, 'flag.update'),
            ),
          ),
        );
        const winners = results.filter((r) => r.ok);
        expect(winners).toHaveLength(1);
        const winner = winners[0];
        if (!winner?.ok) throw new Error('no winner');
        for (const r of results) {
          if (!r.ok) expect(r.current).toEqual(winner.value);
        }
        const check = writers[0] as FlagStore;
        expect(await check.getFlag('production', 'hot')).toEqual(winner.value);
        expect((await check.getRuleset('production')).revision).toBe(2);
        expect(await check.flagHistory('production', 'hot')).toHaveLength(2);
        expect(await check.listAudit({ flag: 'hot' })).toHaveLength(2);
      });

      it('lets exactly one of 50 concurrent creates of the same key win', async () => {
        const writers = await target.openWriters(5, store);
        opened.push(...writers);
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            (writers[i % writers.length] as FlagStore).compareAndSetFlag(
              'production',
              'new',
              null,
              booleanFlag('new', 1, 0, `creator ${i}`),
              by(ada, 'flag.create'),
            ),
          ),
        );
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        expect((await (writers[0] as FlagStore).getRuleset('production')).revision).toBe(1);
      });
    });
  });
}
