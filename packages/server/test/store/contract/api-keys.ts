import { describe, expect, it, vi } from 'vitest';
import { ada, apiKey, bob, by, type StoreUnderTest } from './store-under-test.js';

/** The FlagStore contract: API keys and their revocation. */
export function describeApiKeyContract(t: StoreUnderTest): void {
  describe('API keys', () => {
    it('creates, lists, finds by hash and revokes keys, with audit entries', async () => {
      const k1 = apiKey('k1', 'production', 'hash-1');
      await t.store.createApiKey(k1, by(ada, 'key.create'));
      await t.store.createApiKey(apiKey('k2', null, 'hash-2'), by(ada, 'key.create'));
      expect((await t.store.listApiKeys()).map((k) => k.id).sort()).toEqual(['k1', 'k2']);
      expect(await t.store.findApiKeyByHash('hash-1')).toEqual(k1);
      expect(await t.store.findApiKeyByHash('nope')).toBeUndefined();

      expect(await t.store.revokeApiKey('k1', by(bob, 'key.revoke'))).toBe(true);
      expect(await t.store.revokeApiKey('ghost', by(bob, 'key.revoke'))).toBe(false);
      const revoked = await t.store.findApiKeyByHash('hash-1');
      expect(Number.isNaN(Date.parse(revoked?.revokedAt ?? ''))).toBe(false);
      expect((await t.store.listApiKeys()).find((k) => k.id === 'k2')?.revokedAt).toBeNull();

      const audit = await t.store.listAudit({ environment: 'production' });
      expect(audit[0]).toMatchObject({
        actor: bob,
        action: 'key.revoke',
        resource: { kind: 'apiKey', key: 'k1' },
      });
      expect(audit[1]).toMatchObject({ actor: ada, action: 'key.create', before: null });
      // The audit log never holds the secret's hash.
      expect(JSON.stringify(await t.store.listAudit({}))).not.toContain('hash-1');
      expect(await t.store.listAudit({ flag: 'k1' })).toEqual([]);
    });

    it('announces each revoked key once to revocation listeners', async () => {
      const heard: string[] = [];
      const stop = t.store.onApiKeyRevoked((id) => heard.push(id));
      await t.store.createApiKey(apiKey('k1', 'production', 'hash-1'), by(ada, 'key.create'));
      await t.store.revokeApiKey('k1', by(bob, 'key.revoke'));
      await t.store.revokeApiKey('k1', by(bob, 'key.revoke'));
      await vi.waitFor(() => expect(heard).toEqual(['k1']), { timeout: 5_000 });
      stop();
    });
  });
}
