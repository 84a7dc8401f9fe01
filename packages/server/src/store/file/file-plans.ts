import { planSchema } from '@switchyard/shared';
import type { FlagStore } from '../types.js';
import { planRecord } from './state-records.js';
import type { StateWriter } from './state-writer.js';
import { planId } from './store-state.js';

/** Guarded rollout plans (journalled, compare-and-set on their revision) and in-process leases. */
export function filePlans(
  writer: StateWriter,
): Pick<FlagStore, 'getPlan' | 'listPlans' | 'compareAndSetPlan' | 'tryLease' | 'releaseLease'> {
  const { state } = writer;
  /** One process owns the directory (see dir-lock.ts), so leases only matter within it. */
  const leases = new Map<string, { holder: string; until: number }>();
  return {
    async getPlan(envKey, flag) {
      return structuredClone(state.plans.get(planId(envKey, flag)));
    },
    async listPlans() {
      return structuredClone([...state.plans.values()]);
    },
    async compareAndSetPlan(envKey, flag, expectedRevision, next, input) {
      const checked = next === null ? null : planSchema.parse(next);
      return writer.write(async () => {
        const current = state.plans.get(planId(envKey, flag));
        if ((current?.revision ?? null) !== expectedRevision) return false;
        await writer.commit(planRecord(envKey, flag, current, checked, input));
        return true;
      });
    },
    async tryLease(name, holder, ttlMs) {
      const now = Date.now();
      const lease = leases.get(name);
      if (lease !== undefined && lease.holder !== holder && lease.until > now) return false;
      leases.set(name, { holder, until: now + ttlMs });
      return true;
    },
    async releaseLease(name, holder) {
      if (leases.get(name)?.holder === holder) leases.delete(name);
    },
  };
}
