import type { Cluster, Redis } from 'ioredis';
import { apiKeyAudit } from '../audit-log.js';
import { AUDIT_KEPT } from '../limits.js';
import { apiKeyRecordSchema, parseJson } from '../records.js';
import type { FlagStore } from '../types.js';
import type { KeyLayout } from './key-layout.js';
import { exec, optionalString, parseJsonList } from './replies.js';

export type RedisApiKeys = Pick<
  FlagStore,
  'createApiKey' | 'listApiKeys' | 'findApiKeyByHash' | 'revokeApiKey'
>;

/** API keys: a global hash of records by id, and one from secret hash to id for sign-in. */
export function redisApiKeys(client: Redis | Cluster, keys: KeyLayout): RedisApiKeys {
  const getApiKeyText = async (id: string) =>
    optionalString.parse(await client.hget(keys.global.apiKeys, id));

  return {
    async createApiKey(key, input) {
      const checked = apiKeyRecordSchema.parse(key);
      await exec(
        client
          .multi()
          .hset(keys.global.apiKeys, checked.id, JSON.stringify(checked))
          .hset(keys.global.apiKeyHashes, checked.secretHash, checked.id)
          .lpush(keys.global.audit, JSON.stringify(apiKeyAudit(input, null, checked)))
          .ltrim(keys.global.audit, 0, AUDIT_KEPT - 1),
      );
    },
    async listApiKeys() {
      const all = parseJsonList(apiKeyRecordSchema, await client.hvals(keys.global.apiKeys), 'an API key');
      return all.sort((a, b) =>
        a.createdAt === b.createdAt ? a.id.localeCompare(b.id) : a.createdAt < b.createdAt ? -1 : 1,
      );
    },
    async findApiKeyByHash(secretHash) {
      const id = optionalString.parse(await client.hget(keys.global.apiKeyHashes, secretHash));
      const text = id === null ? null : await getApiKeyText(id);
      const record = text === null ? undefined : parseJson(apiKeyRecordSchema, text, `API key "${id}"`);
      return record?.secretHash === secretHash ? record : undefined;
    },
    async revokeApiKey(id, input) {
      // Compare-and-set on the stored text; retried when another instance changed the key meanwhile.
      for (let attempt = 0; attempt < 10; attempt++) {
        const text = await getApiKeyText(id);
        if (text === null) return false;
        const current = parseJson(apiKeyRecordSchema, text, `API key "${id}"`);
        if (current.revokedAt !== null) return true;
        const revoked = { ...current, revokedAt: new Date().toISOString() };
        const replaced = await client.switchyardReplaceApiKey(
          keys.global.apiKeys,
          keys.global.audit,
          id,
          text,
          JSON.stringify(revoked),
          JSON.stringify(apiKeyAudit(input, current, revoked)),
          AUDIT_KEPT,
        );
        if (replaced === 1) {
          // Every instance (this one included) hears it on the change feed and ends the key's streams.
          await client.publish(keys.changes, JSON.stringify({ revokedApiKey: id }));
          return true;
        }
      }
      throw new Error(`API key "${id}" kept changing while it was being revoked`);
    },
  };
}
