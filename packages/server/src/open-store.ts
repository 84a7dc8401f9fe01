import { resolve } from 'node:path';
import type { ServerConfig } from './config/config.js';
import { createFileStore, createRedisStore } from './store/index.js';
import type { FlagStore } from './store/types.js';

/** The Redis store when REDIS_URL is set, otherwise the embedded file store in DATA_DIR. */
export function openStore(config: ServerConfig): Promise<FlagStore> {
  if (config.redisUrl !== undefined) {
    return createRedisStore({
      url: config.redisUrl,
      keyPrefix: config.redisKeyPrefix,
      minReplicas: config.redisMinReplicas,
      replicaTimeoutMs: config.redisWaitTimeoutMs,
    });
  }
  return createFileStore({ dir: resolve(config.dataDir) });
}
