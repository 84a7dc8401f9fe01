// The admin API's records, under the names this package has always exported them by.
export type {
  ApiKey,
  ApiKeyKind as KeyKind,
  AuditEntry,
  CreatedApiKey as CreatedKey,
} from '@switchyard/shared';
export { type AdminClient, createAdminClient } from './api/admin-client.js';
export type { ApiResult, ConnectionSettings } from './api/http.js';
export type { ListedFlag } from './api/schemas.js';
export { CliError, EXIT, type ExitCode } from './errors.js';
export { type RunIo, run } from './run.js';
