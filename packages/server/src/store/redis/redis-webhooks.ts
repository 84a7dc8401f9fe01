import type { WebhookDelivery } from '@switchyard/shared';
import type { Cluster, Redis } from 'ioredis';
import { WEBHOOK_DELIVERIES_KEPT } from '../limits.js';
import { storedDeliverySchema, webhookRecordSchema } from '../records.js';
import type { WebhookStore } from '../types.js';
import type { KeyLayout } from './key-layout.js';
import { exec, parseJsonList, stringList } from './replies.js';
import { scriptReply } from './revisioned-hash.js';

/**
 * KEYS: deliveries hash, due set, the webhook's finished set, the webhook's id set, webhooks hash.
 * ARGV: delivery id, expected revision, next JSON, next attempt (ms, '' when finished), now (ms),
 * finished kept, webhook id. Writes the delivery if its revision is still the expected one and its
 * webhook exists; a finished delivery leaves the due set and the oldest finished beyond the cap go.
 */
const UPDATE_DELIVERY = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current or cjson.decode(current).revision ~= tonumber(ARGV[2]) then return 0 end
if redis.call('HEXISTS', KEYS[5], ARGV[7]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
if ARGV[4] ~= '' then
  redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
  return 1
end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[5], ARGV[1])
local extra = redis.call('ZCARD', KEYS[3]) - tonumber(ARGV[6])
if extra > 0 then
  for _, id in ipairs(redis.call('ZRANGE', KEYS[3], 0, extra - 1)) do
    redis.call('HDEL', KEYS[1], id)
    redis.call('ZREM', KEYS[4], id)
  end
  redis.call('ZREMRANGEBYRANK', KEYS[3], 0, extra - 1)
end
return 1
`;

/** KEYS: webhooks hash, deliveries hash, due set, id set, finished set. ARGV: webhook id. */
const DELETE_WEBHOOK = `
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
for _, id in ipairs(redis.call('ZRANGE', KEYS[4], 0, -1)) do
  redis.call('HDEL', KEYS[2], id)
  redis.call('ZREM', KEYS[3], id)
end
redis.call('DEL', KEYS[4], KEYS[5])
return 1
`;

export type RedisWebhooks = WebhookStore;

const dueScore = (delivery: WebhookDelivery) => Date.parse(delivery.nextAttemptAt ?? '');

/**
 * Webhooks and deliveries under the `{global}` hash tag (one Cluster slot), so each script and MULTI
 * touches one slot. Pending deliveries sit in one sorted set by due time, which every instance reads.
 */
export function redisWebhooks(client: Redis | Cluster, keys: KeyLayout): RedisWebhooks {
  const g = keys.global;
  const deliveriesOf = async (ids: string[]): Promise<WebhookDelivery[]> => {
    if (ids.length === 0) return [];
    const texts = (await client.hmget(g.webhookDeliveries, ...ids)).filter((t) => t !== null);
    return parseJsonList(storedDeliverySchema, texts, 'a webhook delivery');
  };
  return {
    async createWebhook(webhook) {
      const checked = webhookRecordSchema.parse(webhook);
      await client.hset(g.webhooks, checked.id, JSON.stringify(checked));
    },
    async listWebhooks() {
      const all = parseJsonList(webhookRecordSchema, await client.hvals(g.webhooks), 'a webhook');
      return all.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    },
    async deleteWebhook(id) {
      const deleted = await client.eval(
        DELETE_WEBHOOK,
        5,
        g.webhooks,
        g.webhookDeliveries,
        g.webhookDue,
        g.webhookDeliveryIds(id),
        g.webhookFinished(id),
        id,
      );
      return scriptReply.parse(deleted) === 1;
    },
    async addWebhookDeliveries(deliveries) {
      if (deliveries.length === 0) return;
      const multi = client.multi();
      for (const delivery of deliveries) {
        const checked = storedDeliverySchema.parse(delivery);
        multi
          .hset(g.webhookDeliveries, checked.id, JSON.stringify(checked))
          .zadd(g.webhookDeliveryIds(checked.webhookId), Date.parse(checked.createdAt), checked.id)
          .zadd(g.webhookDue, dueScore(checked), checked.id);
      }
      await exec(multi);
    },
    async listWebhookDeliveries(webhookId, limit) {
      if (limit <= 0) return [];
      const ids = stringList.parse(await client.zrevrange(g.webhookDeliveryIds(webhookId), 0, limit - 1));
      return deliveriesOf(ids);
    },
    async dueWebhookDeliveries(now, limit) {
      if (limit <= 0) return [];
      const ids = stringList.parse(await client.zrangebyscore(g.webhookDue, '-inf', now, 'LIMIT', 0, limit));
      return (await deliveriesOf(ids)).filter((d) => d.status === 'pending');
    },
    async updateWebhookDelivery(next) {
      const checked = storedDeliverySchema.parse(next);
      const updated = await client.eval(
        UPDATE_DELIVERY,
        5,
        g.webhookDeliveries,
        g.webhookDue,
        g.webhookFinished(checked.webhookId),
        g.webhookDeliveryIds(checked.webhookId),
        g.webhooks,
        checked.id,
        String(checked.revision - 1),
        JSON.stringify(checked),
        checked.status === 'pending' ? String(dueScore(checked)) : '',
        String(Date.now()),
        String(WEBHOOK_DELIVERIES_KEPT),
        checked.webhookId,
      );
      return scriptReply.parse(updated) === 1;
    },
  };
}
