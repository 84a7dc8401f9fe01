export { type AdminClient, createAdminClient } from './api/admin-client.js';
export type { ApiResult, ConnectionSettings } from './api/http.js';
export type {
  ApiKey,
  AuditEntry,
  CreatedKey,
  KeyKind,
  ListedFlag,
} from './api/schemas.js';
export { CliError, EXIT, type ExitCode } from './errors.js';
export { type RunIo, run } from './run.js';
