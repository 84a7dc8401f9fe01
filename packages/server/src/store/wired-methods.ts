import type { DocumentStore, FlagStore, WebhookStore } from './types.js';

/** Wraps a store method (refuse once closed, wait for replicas, ...) without changing its signature. */
export type MethodWrapper = <A extends unknown[], R>(
  method: (...args: A) => Promise<R>,
) => (...args: A) => Promise<R>;

/** How a backend guards its reads and its writes. */
export interface Wrappers {
  read: MethodWrapper;
  write: MethodWrapper;
}

type AnyMethod = (...args: unknown[]) => Promise<unknown>;

/** The methods `reads` and `writes` of `source`, each through its wrapper, as the store exposes them. */
function wire<K extends keyof FlagStore>(
  source: Pick<FlagStore, K>,
  reads: readonly K[],
  writes: readonly K[],
  { read, write }: Wrappers,
): Pick<FlagStore, K> {
  const wrapped = (by: MethodWrapper) => (key: K) => [key, by(source[key] as AnyMethod)];
  return Object.fromEntries([...reads.map(wrapped(read)), ...writes.map(wrapped(write))]) as Pick<
    FlagStore,
    K
  >;
}

type Methods<K extends keyof FlagStore> = (
  source: Pick<FlagStore, K>,
  wrappers: Wrappers,
) => Pick<FlagStore, K>;

/** Environments, in every backend. */
export const environmentMethods: Methods<'listEnvironments' | 'getEnvironment' | 'createEnvironment'> = (
  source,
  wrappers,
) => wire(source, ['listEnvironments', 'getEnvironment'], ['createEnvironment'], wrappers);

/** Flags and segments, the versioned documents. */
export const documentMethods: Methods<keyof DocumentStore> = (source, wrappers) =>
  wire(
    source,
    ['listFlags', 'getFlag', 'flagHistory', 'listSegments', 'getSegment', 'getRuleset'],
    ['compareAndSetFlag', 'compareAndSetSegment'],
    wrappers,
  );

/** API keys (their revocation listeners are each backend's own). */
export const apiKeyMethods: Methods<'createApiKey' | 'listApiKeys' | 'findApiKeyByHash' | 'revokeApiKey'> = (
  source,
  wrappers,
) => wire(source, ['listApiKeys', 'findApiKeyByHash'], ['createApiKey', 'revokeApiKey'], wrappers);

/** Webhooks and their deliveries. */
export const webhookMethods: Methods<keyof WebhookStore> = (source, wrappers) =>
  wire(
    source,
    ['listWebhooks', 'listWebhookDeliveries', 'dueWebhookDeliveries'],
    ['createWebhook', 'deleteWebhook', 'addWebhookDeliveries', 'updateWebhookDelivery'],
    wrappers,
  );
