import { storedDeliverySchema, webhookRecordSchema } from '../records.js';
import type { WebhookStore } from '../types.js';
import type { StateWriter } from './state-writer.js';

export type FileWebhooks = WebhookStore;

/** Outbound webhooks and their deliveries, journalled, so a pending delivery survives a restart. */
export function fileWebhooks(writer: StateWriter): FileWebhooks {
  const { state } = writer;
  return {
    async createWebhook(webhook) {
      const checked = webhookRecordSchema.parse(webhook);
      await writer.write(() => writer.commit({ type: 'webhook', id: checked.id, webhook: checked }));
    },
    async listWebhooks() {
      return structuredClone([...state.webhooks.values()]);
    },
    async deleteWebhook(id) {
      return writer.write(async () => {
        if (!state.webhooks.has(id)) return false;
        await writer.commit({ type: 'webhook', id, webhook: null });
        return true;
      });
    },
    async addWebhookDeliveries(deliveries) {
      if (deliveries.length === 0) return;
      const checked = deliveries.map((d) => storedDeliverySchema.parse(d));
      await writer.write(() => writer.commit({ type: 'deliveries', deliveries: checked }));
    },
    async listWebhookDeliveries(webhookId, limit) {
      const own = [...state.webhookDeliveries.values()].filter((d) => d.webhookId === webhookId);
      return structuredClone(own.reverse().slice(0, Math.max(0, limit)));
    },
    async dueWebhookDeliveries(now, limit) {
      const due = [...state.webhookDeliveries.values()].filter(
        (d) => d.status === 'pending' && d.nextAttemptAt !== null && Date.parse(d.nextAttemptAt) <= now,
      );
      due.sort((a, b) => Date.parse(a.nextAttemptAt ?? '') - Date.parse(b.nextAttemptAt ?? ''));
      return structuredClone(due.slice(0, Math.max(0, limit)));
    },
    async updateWebhookDelivery(next) {
      const checked = storedDeliverySchema.parse(next);
      return writer.write(async () => {
        const current = state.webhookDeliveries.get(checked.id);
        if (current === undefined || current.revision !== checked.revision - 1) return false;
        await writer.commit({ type: 'deliveries', deliveries: [checked] });
        return true;
      });
    },
  };
}
