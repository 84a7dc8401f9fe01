import { apiKeyAudit } from '../audit-log.js';
import { apiKeyRecordSchema } from '../records.js';
import type { FlagStore } from '../types.js';
import type { StateWriter } from './state-writer.js';

/** API keys by id, found by the hash of their secret; every change is journalled with its audit entry. */
export function fileApiKeys(
  writer: StateWriter,
): Pick<FlagStore, 'createApiKey' | 'listApiKeys' | 'findApiKeyByHash' | 'revokeApiKey' | 'onApiKeyRevoked'> {
  const { state } = writer;
  const revocationListeners = new Set<(id: string) => void>();
  return {
    async createApiKey(key, input) {
      const checked = apiKeyRecordSchema.parse(key);
      return writer.write(async () => {
        await writer.commit({ type: 'apiKey', key: checked, audit: apiKeyAudit(input, null, checked) });
      });
    },
    async listApiKeys() {
      return structuredClone([...state.apiKeys.values()]);
    },
    async findApiKeyByHash(secretHash) {
      for (const key of state.apiKeys.values())
        if (key.secretHash === secretHash) return structuredClone(key);
      return undefined;
    },
    async revokeApiKey(id, input) {
      return writer.write(async () => {
        const current = state.apiKeys.get(id);
        if (current === undefined) return false;
        if (current.revokedAt !== null) return true;
        const revoked = { ...current, revokedAt: new Date().toISOString() };
        await writer.commit({ type: 'apiKey', key: revoked, audit: apiKeyAudit(input, current, revoked) });
        for (const listener of revocationListeners) {
          try {
            listener(id);
          } catch {
            // The revocation is durable already; a failing listener must not fail it.
          }
        }
        return true;
      });
    },
    onApiKeyRevoked(listener) {
      revocationListeners.add(listener);
      return () => {
        revocationListeners.delete(listener);
      };
    },
  };
}
