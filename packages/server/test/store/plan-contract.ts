import type { Plan, Schedule } from '@switchyard/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FlagStore } from '../../src/store/types.js';
import type { StoreTarget } from './contract.js';

function plan(flag: string, revision: number, state: Plan['state'] = 'running'): Plan {
  return {
    environment: 'production',
    flag,
    steps: [5, 25, 100],
    intervalSeconds: 60,
    guards: {
      maxErrorRate: 0.01,
      maxErrorRateRatio: 2,
      maxP95LatencyRatio: 2,
      windowSeconds: 120,
      minSamples: 200,
      clientMetrics: false,
    },
    onRegression: 'rollback',
    state,
    stepIndex: 0,
    nextStepAt: 1_000,
    startedAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    revision,
    lastDecision: null,
  };
}

function schedule(id: string, revision: number, state: Schedule['state'] = 'pending'): Schedule {
  return {
    id,
    environment: 'production',
    flag: 'canary',
    at: '2026-01-05T09:00:00.000Z',
    change: { action: 'rollout', percentage: 25 },
    state,
    createdAt: `2026-01-01T00:00:0${id.length % 10}.000Z`,
    createdBy: 'Ada',
    finishedAt: null,
    note: null,
    revision,
  };
}

/** Rollout plans, scheduled changes and leases, for every store (registered next to the FlagStore contract). */
export function describePlanContract(name: string, makeTarget: () => Promise<StoreTarget>): void {
  describe(`${name}: plans, schedules and leases`, () => {
    let target: StoreTarget;
    const opened: FlagStore[] = [];
    const open = async () => {
      const store = await target.open();
      opened.push(store);
      if ((await store.getEnvironment('production')) === undefined) {
        const at = new Date().toISOString();
        await store.createEnvironment(
          { key: 'production', name: 'Production', createdAt: at },
          { actor: { keyId: 'k', name: 'Ada' }, action: 'environment.create' },
        );
      }
      return store;
    };

    beforeEach(async () => {
      target = await makeTarget();
    });
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
      await target.dispose?.();
    });

    it('stores plans by compare-and-set on their revision, lists them, deletes them, and keeps them over a restart', async () => {
      let store = await open();
      expect(await store.getPlan('production', 'canary')).toBeUndefined();
      expect(await store.compareAndSetPlan('production', 'canary', 3, plan('canary', 1))).toBe(false);
      expect(await store.compareAndSetPlan('production', 'canary', null, plan('canary', 1))).toBe(true);
      expect(await store.compareAndSetPlan('production', 'canary', null, plan('canary', 1))).toBe(false);
      expect(await store.compareAndSetPlan('production', 'canary', 1, plan('canary', 2, 'paused'))).toBe(
        true,
      );
      expect(await store.compareAndSetPlan('production', 'canary', 1, plan('canary', 2, 'aborted'))).toBe(
        false,
      );
      expect(await store.compareAndSetPlan('production', 'other', null, plan('other', 1))).toBe(true);
      expect(await store.getPlan('production', 'canary')).toMatchObject({ revision: 2, state: 'paused' });
      expect((await store.listPlans()).map((p) => p.flag).sort()).toEqual(['canary', 'other']);

      await store.close();
      opened.length = 0;
      store = await open();
      expect(await store.getPlan('production', 'canary')).toMatchObject({ revision: 2, state: 'paused' });
      expect(await store.compareAndSetPlan('production', 'other', 1, null)).toBe(true);
      expect((await store.listPlans()).map((p) => p.flag)).toEqual(['canary']);
    });

    it('stores scheduled changes by compare-and-set on their revision and keeps them over a restart', async () => {
      let store = await open();
      expect(await store.listSchedules()).toEqual([]);
      expect(await store.compareAndSetSchedule('production', 'a', 1, schedule('a', 1))).toBe(false);
      expect(await store.compareAndSetSchedule('production', 'a', null, schedule('a', 1))).toBe(true);
      expect(await store.compareAndSetSchedule('production', 'a', null, schedule('a', 1))).toBe(false);
      expect(await store.compareAndSetSchedule('production', 'bb', null, schedule('bb', 1))).toBe(true);
      expect(await store.compareAndSetSchedule('production', 'a', 1, schedule('a', 2, 'done'))).toBe(true);
      expect(await store.compareAndSetSchedule('production', 'a', 1, schedule('a', 2, 'cancelled'))).toBe(
        false,
      );

      await store.close();
      opened.length = 0;
      store = await open();
      expect((await store.listSchedules()).map((s) => [s.id, s.state, s.revision])).toEqual([
        ['a', 'done', 2],
        ['bb', 'pending', 1],
      ]);
      expect(await store.compareAndSetSchedule('production', 'bb', 1, null)).toBe(true);
      expect((await store.listSchedules()).map((s) => s.id)).toEqual(['a']);
    });

    it('lets exactly one of many concurrent schedule transitions win', async () => {
      const store = await open();
      await store.compareAndSetSchedule('production', 'a', null, schedule('a', 1));
      const writers = await target.openWriters(10, store);
      opened.push(...writers.filter((w) => w !== store));
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          (writers[i % writers.length] as FlagStore).compareAndSetSchedule(
            'production',
            'a',
            1,
            schedule('a', 2, i % 2 ? 'done' : 'cancelled'),
          ),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it("writes the audit entry a person's plan change carries, with the plans before and after and the reason", async () => {
      let store = await open();
      const ada = { keyId: 'k', name: 'Ada', reason: 'canary clean' };
      await store.compareAndSetPlan('production', 'canary', null, plan('canary', 1), {
        actor: ada,
        action: 'plan.start',
      });
      await store.compareAndSetPlan('production', 'canary', 1, plan('canary', 2, 'paused'));
      await store.compareAndSetPlan('production', 'canary', 2, plan('canary', 3, 'aborted'), {
        actor: { keyId: 'k', name: 'Ada' },
        action: 'plan.abort',
      });
      for (let round = 0; round < 2; round++) {
        const entries = await store.listAudit({ environment: 'production', flag: 'canary' });
        expect(entries.map((e) => [e.action, e.actor, e.reason])).toEqual([
          ['plan.abort', { keyId: 'k', name: 'Ada' }, undefined],
          ['plan.start', { keyId: 'k', name: 'Ada' }, 'canary clean'],
        ]);
        expect(entries[0]).toMatchObject({ before: { state: 'paused' }, after: { state: 'aborted' } });
        expect(entries[1]).toMatchObject({ before: null, after: { revision: 1 } });
        await store.close();
        opened.length = 0;
        store = await open();
      }
    });

    it('lets exactly one of many concurrent transitions from the same revision win', async () => {
      const store = await open();
      await store.compareAndSetPlan('production', 'canary', null, plan('canary', 1));
      const writers = await target.openWriters(10, store);
      opened.push(...writers.filter((w) => w !== store));
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          (writers[i % writers.length] as FlagStore).compareAndSetPlan(
            'production',
            'canary',
            1,
            plan('canary', 2),
          ),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('gives a lease to one holder until it expires, and lets the holder renew it', async () => {
      const store = await open();
      expect(await store.tryLease('runner', 'a', 300)).toBe(true);
      expect(await store.tryLease('runner', 'b', 300)).toBe(false);
      expect(await store.tryLease('runner', 'a', 300)).toBe(true);
      expect(await store.tryLease('other', 'b', 300)).toBe(true);
      await new Promise((r) => setTimeout(r, 400));
      expect(await store.tryLease('runner', 'b', 300)).toBe(true);
      expect(await store.tryLease('runner', 'a', 300)).toBe(false);
    });

    it('hands a released lease to the next holder at once; only the holder can release it', async () => {
      const store = await open();
      expect(await store.tryLease('handover', 'a', 60_000)).toBe(true);
      await store.releaseLease('handover', 'b');
      expect(await store.tryLease('handover', 'b', 60_000)).toBe(false);
      await store.releaseLease('handover', 'a');
      expect(await store.tryLease('handover', 'b', 60_000)).toBe(true);
    });
  });
}
