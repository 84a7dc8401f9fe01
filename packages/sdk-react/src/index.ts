export type { Context, EvaluationResult, Reason, ReconnectOptions } from '@switchyard/shared';
export {
  type BrowserClient,
  type BrowserClientOptions,
  createBrowserClient,
  type FlagBootstrap,
} from './client/browser-client.js';
export type { EventSourceConstructor, EventSourceLike } from './client/evaluation-stream.js';
export type { FlagDetail } from './client/flag-detail.js';
export type { FlagsStatus, FlagValueStore } from './client/flag-value-store.js';
export type { FetchLike } from './client/sdk-api.js';
export { Feature, type FeatureProps } from './react/feature.js';
export { FlagProvider, type FlagProviderProps } from './react/flag-provider.js';
export { useFlagsClient } from './react/flags-context.js';
export { useFlag, useFlagDetail, useVariation } from './react/use-flag-detail.js';
export { type FlagReader, useFlags } from './react/use-flags.js';
export { useFlagsStatus } from './react/use-flags-status.js';
