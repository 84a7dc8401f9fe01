export { createStoreFromUrl, type StoreFromUrlOptions } from './create-store-from-url.js';
export { createFileStore, type FileStoreOptions } from './file/file-store.js';
export { AUDIT_KEPT, CHANGES_KEPT, HISTORY_KEPT, METRICS_RETENTION_MINUTES } from './limits.js';
export { createRedisStore, type RedisStoreOptions } from './redis/redis-store.js';
export { createRedisClient, type HostPort, parseRedisUrl, type RedisTarget } from './redis/redis-url.js';
export type {
  Actor,
  ApiKeyKind,
  ApiKeyRecord,
  AuditEntry,
  AuditInput,
  Environment,
  FlagStore,
  MinuteMetrics,
  StoreChange,
  StoreConnectionEvent,
  WriteResult,
} from './types.js';
