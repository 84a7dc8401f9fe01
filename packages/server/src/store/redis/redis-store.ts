import { type Cluster, Redis } from 'ioredis';
import { METRICS_RETENTION_MINUTES } from '../limits.js';
import type { FlagStore } from '../types.js';
import { apiKeyMethods, documentMethods, environmentMethods, webhookMethods } from '../wired-methods.js';
import { createChangeFeed } from './change-feed.js';
import { ping, shutdown, waitReady } from './connection-lifecycle.js';
import { followConnections } from './connection-state.js';
import { keyLayout } from './key-layout.js';
import { redisApiKeys } from './redis-api-keys.js';
import { redisAudit } from './redis-audit.js';
import { redisChanges } from './redis-changes.js';
import { redisDocuments } from './redis-documents.js';
import { redisEnvironments } from './redis-environments.js';
import { redisEpoch } from './redis-epoch.js';
import { createRedisMetrics } from './redis-metrics.js';
import { redisPlans } from './redis-plans.js';
import { redisSchedules } from './redis-schedules.js';
import { redisTriggers } from './redis-triggers.js';
import { createRedisClient, parseRedisUrl } from './redis-url.js';
import { redisWebhooks } from './redis-webhooks.js';
import { replicaAck } from './replica-ack.js';
import { defineScripts } from './scripts.js';

export interface RedisStoreOptions {
  /** A REDIS_URL in any of the forms `parseRedisUrl` documents. Ignored when `client` is given. */
  url?: string;
  /**
   * A client to use instead of one made from `url`. The store adds its scripts to it and duplicates
   * it for pub/sub; it closes the duplicate but leaves this client open on `close()`.
   */
  client?: Redis | Cluster;
  /** Prefix of every key and of the changes channel. Default `switchyard:`. */
  keyPrefix?: string;
  /** How long `createRedisStore` waits for Redis before it gives up. Default 10,000 ms. */
  connectTimeoutMs?: number;
  /** Age in minutes after which per-minute metrics expire. Default 7 days. */
  metricsRetentionMinutes?: number;
  /** Replicas that must confirm each write before it is acknowledged (WAIT). Default 0. */
  minReplicas?: number;
  /** How long a write waits for `minReplicas`. Default 1,000 ms. */
  replicaTimeoutMs?: number;
}

/**
 * Opens the Redis store: resolves once both connections are ready and subscribed, or rejects after
 * `connectTimeoutMs`. Changes made through any instance reach every instance's `subscribe` listeners.
 */
export async function createRedisStore(options: RedisStoreOptions): Promise<FlagStore> {
  if (options.client === undefined && options.url === undefined)
    throw new Error('createRedisStore needs a url or a client');
  const client = options.client ?? createRedisClient(parseRedisUrl(options.url ?? ''));
  // The change feed subscribes itself after each reconnect, to know when to catch up (and so that a
  // refused subscription is retried instead of becoming an unhandled rejection inside ioredis).
  // Cluster's subscriber connection resubscribes on its own and swallows failures.
  const subscriber =
    client instanceof Redis ? client.duplicate({ autoResubscribe: false }) : client.duplicate();
  const timeoutMs = options.connectTimeoutMs ?? 10_000;
  try {
    await Promise.all([
      waitReady(client, timeoutMs, 'commands'),
      waitReady(subscriber, timeoutMs, 'subscriber'),
    ]);
    return await openedRedisStore(client, subscriber, options);
  } catch (err) {
    subscriber.disconnect();
    if (options.client === undefined) client.disconnect();
    throw err;
  }
}

/** The store over two ready connections: each concern lives in its own redis-*.ts file. */
async function openedRedisStore(
  client: Redis | Cluster,
  subscriber: Redis | Cluster,
  options: RedisStoreOptions,
): Promise<FlagStore> {
  defineScripts(client);
  const keys = keyLayout(options.keyPrefix ?? 'switchyard:');
  const metrics = createRedisMetrics(
    client,
    keys,
    options.metricsRetentionMinutes ?? METRICS_RETENTION_MINUTES,
  );
  const environments = redisEnvironments(client, keys);
  const documents = redisDocuments(client, keys);
  const changes = redisChanges(client, keys);
  const audit = redisAudit(client, keys, environments.environmentKeys);
  const apiKeys = redisApiKeys(client, keys);
  const plans = redisPlans(
    client,
    (env) => keys.environment(env).plans,
    (env) => keys.environment(env).audit,
    keys.global.lease,
  );
  const schedules = redisSchedules(client, (env) => keys.environment(env).schedules);
  const acknowledged = replicaAck(client, {
    minReplicas: options.minReplicas ?? 0,
    timeoutMs: options.replicaTimeoutMs ?? 1_000,
  });
  const triggers = redisTriggers(client, keys);
  const webhooks = redisWebhooks(client, keys);
  const epoch = redisEpoch(client, keys);
  let closed = false;

  const connection = followConnections([client, subscriber], () => feed.catchUp());
  const feed = createChangeFeed({
    subscriber,
    channel: keys.changes,
    changesSince: changes.changesSince,
    onResyncNeeded: (environment) => connection.emit({ type: 'resync-needed', environment }),
    revisions: async () => changes.revisions(await environments.environmentKeys()),
  });
  await feed.start();

  /** `method`, refusing to run once the store is closed. */
  const whileOpen =
    <A extends unknown[], R>(method: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (closed) throw new Error('the Redis store is closed');
      return method(...args);
    };
  /** A write: refused once closed, acknowledged once the required replicas have it. */
  const write = <A extends unknown[], R>(method: (...args: A) => Promise<R>) =>
    whileOpen(acknowledged(method));

  const wrappers = { read: whileOpen, write: write };

  return {
    getPlan: (env, flag) => plans.getPlan(env, flag),
    listPlans: async () => plans.listPlans(await environments.environmentKeys()),
    compareAndSetPlan: write(plans.compareAndSetPlan),
    tryLease: (name, holder, ttlMs) => plans.tryLease(name, holder, ttlMs),
    releaseLease: (name, holder) => plans.releaseLease(name, holder),
    listSchedules: async () => schedules.listSchedules(await environments.environmentKeys()),
    compareAndSetSchedule: write(schedules.compareAndSetSchedule),

    ...environmentMethods(environments, wrappers),

    ...documentMethods(documents, wrappers),

    changesSince: whileOpen(changes.changesSince),
    subscribe: (listener) => feed.subscribe(listener),

    listAudit: whileOpen(audit.listAudit),

    ...apiKeyMethods(apiKeys, wrappers),
    onApiKeyRevoked: (listener) => feed.onApiKeyRevoked(listener),

    createTrigger: whileOpen(triggers.createTrigger),
    listTriggers: whileOpen(triggers.listTriggers),
    findTriggerByHash: whileOpen(async (tokenHash: string) =>
      triggers.findTriggerByHash(tokenHash, await environments.environmentKeys()),
    ),
    deleteTrigger: whileOpen(triggers.deleteTrigger),
    appendFlagAudit: whileOpen(triggers.appendFlagAudit),

    ...webhookMethods(webhooks, wrappers),

    addMetrics: whileOpen(metrics.add),
    readMetrics: whileOpen(metrics.read),

    readEpoch: whileOpen(epoch.readEpoch),
    claimEpoch: write(epoch.claimEpoch),
    replaceEpoch: write(epoch.replaceEpoch),
    rebaseChanges: whileOpen(() => feed.rebase()),

    checkReady: whileOpen(async () => {
      if (connection.lost) throw new Error('the Redis connection is lost; reconnecting');
      await ping(client);
    }),
    onConnectionChange: (listener) => connection.onChange(listener),
    async close() {
      if (closed) return;
      closed = true;
      connection.stop();
      await shutdown(subscriber);
      if (options.client === undefined) await shutdown(client);
    },
  };
}
