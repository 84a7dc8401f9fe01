import type { Environment } from '@switchyard/shared';
import type { FastifyBaseLogger } from 'fastify';
import { EpochGuard, type EpochLoss } from '../delivery/epoch-guard.js';
import type { RulesetCache } from '../delivery/ruleset-cache.js';
import { bootstrapAdminToken } from '../services/api-keys.js';
import type { ApiKeyRecord, FlagStore } from '../store/types.js';
import type { KeyResolver } from './auth.js';
import type { ServerMetrics } from './metrics.js';

/**
 * What an instance knows of the store beyond the rulesets, remembered while the store is trusted:
 * the environments and API keys. When the store comes back empty they keep SDK keys working and
 * are part of what `GET /api/v1/store/export` hands to `switchyard-server restore`.
 */
export interface StoreTrust {
  readonly guard: EpochGuard;
  readonly environments: readonly Environment[];
  readonly apiKeys: readonly ApiKeyRecord[];
  /** Claims or reads the store's epoch, remembers what the store holds, and starts watching. */
  start(): Promise<void>;
  /**
   * A key the store does not know, as last seen while the store was trusted: only once the store's
   * epoch was checked again and the store is not trusted (it just came back empty).
   */
  lastSeenKey(secretHash: string): Promise<ApiKeyRecord | undefined>;
}

export interface StoreTrustOptions {
  /** The store itself, not the HTTP layer's guarded view (whose writes stop while untrusted). */
  store: FlagStore;
  log: FastifyBaseLogger;
  metrics: ServerMetrics;
  /** SWITCHYARD_ADMIN_TOKEN: registered again whenever the store comes back without it. */
  adminToken: string | undefined;
  cache: () => RulesetCache;
  apiKeys: () => KeyResolver;
  checkEveryMs?: number;
}

export function createStoreTrust(options: StoreTrustOptions): StoreTrust {
  const { store, log } = options;
  let environments: Environment[] = [];
  let apiKeys: ApiKeyRecord[] = [];

  /** The configured admin token works again at once, so the operator can call the admin API. */
  const registerAdminToken = async () => {
    if (options.adminToken === undefined) return;
    try {
      await bootstrapAdminToken(store, options.adminToken);
      options.apiKeys().forget();
    } catch (err) {
      log.error({ err }, 'could not register SWITCHYARD_ADMIN_TOKEN again');
    }
  };

  /** Remembers the store's environments and keys, and loads every environment's ruleset. */
  const remember = async () => {
    const [listed, keys] = await Promise.all([store.listEnvironments(), store.listApiKeys()]);
    if (guard.lost !== null) return;
    environments = listed;
    apiKeys = keys;
    const cache = options.cache();
    for (const environment of listed) await cache.get(environment.key);
  };

  const guard = new EpochGuard(store, log, {
    ...(options.checkEveryMs === undefined ? {} : { checkEveryMs: options.checkEveryMs }),
    onLost(loss: EpochLoss) {
      options.metrics.storeForgot.inc({ kind: loss.kind });
      void registerAdminToken();
    },
    async onAdopted() {
      await store.rebaseChanges?.();
      await registerAdminToken();
      options.apiKeys().forget();
      await options.cache().adopt();
      await remember();
    },
    onTrusted: remember,
  });

  return {
    guard,
    get environments() {
      return environments;
    },
    get apiKeys() {
      return apiKeys;
    },
    async start() {
      await guard.start();
      // Off the start-up path: the first periodic check remembers again anyway.
      remember().catch((err: unknown) => log.warn({ err }, 'could not read the environments and keys yet'));
    },
    async lastSeenKey(secretHash) {
      const known = apiKeys.find((key) => key.secretHash === secretHash);
      if (known === undefined || (await guard.check())) return undefined;
      return known;
    },
  };
}
