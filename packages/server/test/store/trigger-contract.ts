import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FlagStore, TriggerRecord } from '../../src/store/types.js';
import type { StoreTarget } from './contract.js';

const ada = { actor: { keyId: 'k-ada', name: 'Ada' }, action: 'trigger.create' };

function trigger(id: string, environment: string, tokenHash: string): TriggerRecord {
  return {
    id,
    environment,
    flag: 'canary',
    action: 'rollout',
    percentage: 0,
    createdAt: `2026-01-01T00:00:0${id.length % 10}.000Z`,
    tokenHash,
  };
}

/** Alert triggers and flag audit entries, for every store (registered next to the FlagStore contract). */
export function describeTriggerContract(name: string, makeTarget: () => Promise<StoreTarget>): void {
  describe(`${name}: alert triggers`, () => {
    let target: StoreTarget;
    const opened: FlagStore[] = [];
    const open = async () => {
      const store = await target.open();
      opened.push(store);
      for (const key of ['production', 'staging']) {
        if ((await store.getEnvironment(key)) === undefined) {
          await store.createEnvironment(
            { key, name: key, createdAt: new Date().toISOString() },
            { actor: ada.actor, action: 'environment.create' },
          );
        }
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

    it('stores triggers per environment, finds them by token hash, deletes them, and keeps them over a restart', async () => {
      let store = await open();
      await store.createTrigger(trigger('t1', 'production', 'hash-1'), ada);
      await store.createTrigger(trigger('t22', 'production', 'hash-2'), ada);
      await store.createTrigger(trigger('t333', 'staging', 'hash-3'), ada);
      expect((await store.listTriggers('production')).map((t) => t.id)).toEqual(['t1', 't22']);
      expect(await store.findTriggerByHash('hash-3')).toEqual(trigger('t333', 'staging', 'hash-3'));
      expect(await store.findTriggerByHash('hash-unknown')).toBeUndefined();

      expect(await store.deleteTrigger('staging', 't1', { ...ada, action: 'trigger.delete' })).toBe(false);
      expect(await store.deleteTrigger('production', 't1', { ...ada, action: 'trigger.delete' })).toBe(true);
      expect(await store.findTriggerByHash('hash-1')).toBeUndefined();

      await store.close();
      opened.length = 0;
      store = await open();
      expect((await store.listTriggers('production')).map((t) => t.id)).toEqual(['t22']);
      expect(await store.findTriggerByHash('hash-2')).toMatchObject({ id: 't22', percentage: 0 });

      const audit = await store.listAudit({ environment: 'production', flag: 'canary' });
      expect(audit.map((e) => e.action)).toEqual(['trigger.delete', 'trigger.create', 'trigger.create']);
      expect(audit[0]).toMatchObject({
        before: { id: 't1' },
        after: null,
        resource: { kind: 'flag', key: 'canary' },
      });
      expect(JSON.stringify(audit)).not.toContain('hash-');
    });

    it('appends audit entries on a flag without writing a version', async () => {
      const store = await open();
      await store.appendFlagAudit('production', 'canary', {
        actor: { keyId: 'trigger:t1', name: 'alert trigger' },
        action: 'trigger.pause-plan',
        details: { alert: { labels: { alertname: 'Errors' } } },
      });
      const [entry] = await store.listAudit({ environment: 'production', flag: 'canary' });
      expect(entry).toMatchObject({
        action: 'trigger.pause-plan',
        environment: 'production',
        resource: { kind: 'flag', key: 'canary' },
        before: null,
        after: null,
        details: { alert: { labels: { alertname: 'Errors' } } },
      });
      expect(await store.getRuleset('production')).toMatchObject({ revision: 0 });
    });
  });
}
