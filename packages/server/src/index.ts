export { type AppOptions, BODY_LIMIT_BYTES, createApp } from './app.js';
export { ConfigError, loadConfig, type ServerConfig } from './config/config.js';
export { ERRORS, type ErrorCode } from './errors.js';
export { type RunningServer, resolveConfig, type StartOptions, startServer } from './start.js';
export type {
  ApiKeyKind,
  ApiKeyRecord,
  AuditEntry,
  Environment,
  FlagStore,
  StoreChange,
} from './store/types.js';
