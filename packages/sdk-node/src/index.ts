// Re-exported so that applications need no direct dependency on the shared package for these.
export type {
  Context,
  ContextOrUserId,
  EvaluatedFlags,
  EvaluationResult,
  Flag,
  Reason,
  Segment,
} from '@switchyard/shared';
export type {
  ClientEvents,
  ClientState,
  ClientStatus,
  SwitchyardClient,
} from './client/client.js';
export { createClient } from './client/create-client.js';
export type {
  BooleanFlagKey,
  FlagDefault,
  FlagKey,
  FlagTypes,
  FlagValue,
} from './client/flag-types.js';
export type { BootstrapRuleset, ClientOptions } from './client/options.js';
export { SwitchyardError, type SwitchyardErrorCode } from './errors.js';
export { consoleLogger, type Logger, type LogLevel } from './logger.js';
export type { RulesetSource } from './ruleset/ruleset-store.js';
export type { FlagDocument, FlagOrValue } from './testing/flag-from-value.js';
export { createTestClient, type TestClient, type TestClientOptions } from './testing/test-client.js';
