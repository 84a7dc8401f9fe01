import type { WebhookDelivery } from '@switchyard/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WEBHOOK_DELIVERIES_KEPT } from '../../src/store/limits.js';
import type { FlagStore, WebhookRecord } from '../../src/store/types.js';
import type { StoreTarget } from './contract.js';

function webhook(id: string): WebhookRecord {
  return {
    id,
    url: `http://127.0.0.1:9/${id}`,
    events: ['flag.changed'],
    environments: null,
    format: 'json',
    createdAt: `2026-01-01T00:00:0${id.length % 10}.000Z`,
    secret: `secret-${id}`,
  };
}

const T0 = Date.parse('2026-01-01T00:00:00.000Z');

function delivery(id: string, webhookId: string, dueMs: number, createdMs = T0): WebhookDelivery {
  return {
    id,
    webhookId,
    event: {
      id: `event-${id}`,
      type: 'flag.changed',
      environment: 'production',
      flag: 'checkout',
      at: new Date(createdMs).toISOString(),
      actor: { keyId: 'k', name: 'Ada' },
      action: 'flag.rollout',
      before: null,
      after: { key: 'checkout' },
    },
    status: 'pending',
    attempts: 0,
    lastResponseCode: null,
    lastError: null,
    lastResponseBody: null,
    createdAt: new Date(createdMs).toISOString(),
    lastAttemptAt: null,
    nextAttemptAt: new Date(dueMs).toISOString(),
    revision: 1,
  };
}

/** Outbound webhooks and their deliveries, for every store (registered next to the FlagStore contract). */
export function describeWebhookContract(name: string, makeTarget: () => Promise<StoreTarget>): void {
  describe(`${name}: webhooks and deliveries`, () => {
    let target: StoreTarget;
    const opened: FlagStore[] = [];
    const open = async () => {
      const store = await target.open();
      opened.push(store);
      return store;
    };
    beforeEach(async () => {
      target = await makeTarget();
    });
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
      await target.dispose?.();
    });

    it('keeps webhooks with their secrets and pending deliveries over a restart', async () => {
      let store = await open();
      await store.createWebhook(webhook('w1'));
      await store.createWebhook(webhook('w22'));
      await store.addWebhookDeliveries([delivery('d1', 'w1', T0 + 1000), delivery('d2', 'w22', T0 + 500)]);
      await store.close();
      opened.length = 0;

      store = await open();
      expect(await store.listWebhooks()).toEqual([webhook('w1'), webhook('w22')]);
      expect((await store.dueWebhookDeliveries(T0 + 999, 10)).map((d) => d.id)).toEqual(['d2']);
      expect((await store.dueWebhookDeliveries(T0 + 1000, 10)).map((d) => d.id)).toEqual(['d2', 'd1']);
      expect(await store.listWebhookDeliveries('w1', 10)).toEqual([delivery('d1', 'w1', T0 + 1000)]);
    });

    it('records an attempt once: compare-and-set on the revision; finished deliveries are no longer due', async () => {
      const store = await open();
      await store.createWebhook(webhook('w1'));
      const first = delivery('d1', 'w1', T0);
      await store.addWebhookDeliveries([first]);
      const retry = {
        ...first,
        attempts: 1,
        lastResponseCode: 500,
        nextAttemptAt: new Date(T0 + 2000).toISOString(),
        revision: 2,
      };
      expect(await store.updateWebhookDelivery(retry)).toBe(true);
      // A second instance that read the same revision loses.
      expect(await store.updateWebhookDelivery({ ...retry, attempts: 7 })).toBe(false);
      expect(await store.dueWebhookDeliveries(T0 + 1999, 10)).toEqual([]);
      expect(await store.dueWebhookDeliveries(T0 + 2000, 10)).toEqual([retry]);

      const done = { ...retry, status: 'delivered' as const, attempts: 2, nextAttemptAt: null, revision: 3 };
      expect(await store.updateWebhookDelivery(done)).toBe(true);
      expect(await store.dueWebhookDeliveries(T0 + 10_000_000, 10)).toEqual([]);
      expect(await store.listWebhookDeliveries('w1', 10)).toEqual([done]);
    });

    it('deletes a webhook with its deliveries; an attempt on a deleted webhook is not recorded', async () => {
      const store = await open();
      await store.createWebhook(webhook('w1'));
      await store.addWebhookDeliveries([delivery('d1', 'w1', T0)]);
      expect(await store.deleteWebhook('w1')).toBe(true);
      expect(await store.deleteWebhook('w1')).toBe(false);
      expect(await store.listWebhooks()).toEqual([]);
      expect(await store.listWebhookDeliveries('w1', 10)).toEqual([]);
      expect(await store.dueWebhookDeliveries(T0 + 1000, 10)).toEqual([]);
    });

    it(`keeps the newest ${WEBHOOK_DELIVERIES_KEPT} finished deliveries per webhook and every pending one`, async () => {
      const store = await open();
      await store.createWebhook(webhook('w1'));
      const count = WEBHOOK_DELIVERIES_KEPT + 5;
      const all = Array.from({ length: count }, (_, i) => delivery(`d${i}`, 'w1', T0, T0 + i));
      await store.addWebhookDeliveries(all);
      for (const d of all.slice(1)) {
        const ok = await store.updateWebhookDelivery({
          ...d,
          status: 'delivered',
          attempts: 1,
          nextAttemptAt: null,
          revision: 2,
        });
        expect(ok).toBe(true);
      }
      const kept = await store.listWebhookDeliveries('w1', 1000);
      expect(kept).toHaveLength(WEBHOOK_DELIVERIES_KEPT + 1);
      expect(kept[0]?.id).toBe(`d${count - 1}`);
      // The oldest delivery is still pending: kept, and still due.
      expect(kept.at(-1)).toMatchObject({ id: 'd0', status: 'pending' });
      expect((await store.dueWebhookDeliveries(T0 + 1000, 10)).map((d) => d.id)).toEqual(['d0']);
    });
  });
}
