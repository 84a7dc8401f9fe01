import { fileURLToPath } from 'node:url';
import { createFileStore, type FileStoreOptions } from './file/file-store.js';
import { createRedisStore, type RedisStoreOptions } from './redis/redis-store.js';
import type { FlagStore } from './types.js';

export type StoreFromUrlOptions = Omit<RedisStoreOptions, 'url' | 'client'> & Omit<FileStoreOptions, 'dir'>;

/**
 * Opens the store a URL names: `file:///var/lib/switchyard` for the file store, or any REDIS_URL form
 * (`redis://`, `rediss://`, `redis+sentinel://`, `redis+cluster://`, see `parseRedisUrl`) for Redis,
 * which picks the right ioredis client (`Redis`, `Redis` with sentinels, or `Redis.Cluster`).
 */
export function createStoreFromUrl(url: string, options: StoreFromUrlOptions = {}): Promise<FlagStore> {
  if (url.startsWith('file:')) {
    const { keyPrefix: _, connectTimeoutMs: __, ...fileOptions } = options;
    return createFileStore({ ...fileOptions, dir: fileURLToPath(url) });
  }
  const { compactEvery: _, metricsFlushIntervalMs: __, ...redisOptions } = options;
  return createRedisStore({ ...redisOptions, url });
}
