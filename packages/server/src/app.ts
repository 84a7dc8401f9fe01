import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ServerConfig } from './config/config.js';
import { MetricsIngest } from './delivery/metrics-ingest.js';
import { RulesetCache } from './delivery/ruleset-cache.js';
import { StreamRegistry } from './delivery/stream-registry.js';
import { ApiError } from './errors.js';
import { FlagsFileReconciler } from './flags-file/flags-file-reconciler.js';
import { createKeyResolver, registerAuth } from './http/auth.js';
import type { DeliveryContext } from './http/context.js';
import { registerErrorHandler, renderFrameworkError } from './http/error-handler.js';
import { type GracefulShutdown, registerGracefulShutdown } from './http/graceful-shutdown.js';
import { registerJsonBodyParser } from './http/json-body.js';
import { createUrlRedactor } from './http/log-redaction.js';
import { createServerMetrics, registerRequestMetrics } from './http/metrics.js';
import { registerOpenApi } from './http/openapi.js';
import { createRateLimits } from './http/rate-limits.js';
import { auditRoutes } from './http/routes/admin/audit.js';
import { environmentRoutes } from './http/routes/admin/environments.js';
import { flagMetricsRoutes } from './http/routes/admin/flag-metrics.js';
import { flagRoutes } from './http/routes/admin/flags.js';
import { flagsFileRoutes } from './http/routes/admin/flags-file.js';
import { importRoutes } from './http/routes/admin/import.js';
import { keyRoutes } from './http/routes/admin/keys.js';
import { lifecycleRoutes } from './http/routes/admin/lifecycle.js';
import { planRoutes } from './http/routes/admin/plans.js';
import { segmentRoutes } from './http/routes/admin/segments.js';
import { storeRoutes } from './http/routes/admin/store.js';
import { triggerRoutes } from './http/routes/admin/triggers.js';
import { webhookRoutes } from './http/routes/admin/webhooks.js';
import { consoleRoutes } from './http/routes/console.js';
import { triggerHookRoutes } from './http/routes/hooks/trigger-hooks.js';
import { ofrepRoutes } from './http/routes/ofrep/ofrep-routes.js';
import { operationsRoutes } from './http/routes/ops/health.js';
import { clientSdkRoutes } from './http/routes/sdk/client-sdk.js';
import { serverSdkRoutes } from './http/routes/sdk/server-sdk.js';
import { registerSdkCors } from './http/sdk-cors.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { guardStore } from './http/store-guard.js';
import { createStoreTrust } from './http/store-trust.js';
import { ScheduleRunner } from './lifecycle/schedule-runner.js';
import { createScheduleService } from './lifecycle/schedule-service.js';
import { PlanRunner } from './rollouts/plan-runner.js';
import { createPlanService } from './rollouts/plan-service.js';
import { PrometheusGuard } from './rollouts/prometheus-guard.js';
import { createPrometheusQuery } from './rollouts/prometheus-query.js';
import { createImportService } from './services/flag-import.js';
import { createFlagService } from './services/flags.js';
import { createSegmentService } from './services/segments.js';
import { createTriggerService } from './services/triggers.js';
import { withWebhookEvents } from './services/webhooks/webhook-events.js';
import { WebhookRunner } from './services/webhooks/webhook-runner.js';
import { createWebhookService } from './services/webhooks/webhook-service.js';
import { createRedisClient, parseRedisUrl } from './store/redis/redis-url.js';
import type { FlagStore } from './store/types.js';
import { SERVER_VERSION } from './version.js';

/** Request bodies above this size are refused with 413; a flag with large target lists fits easily. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface AppOptions {
  config: ServerConfig;
  store: FlagStore;
  /** Time source of metrics and rollout plans (tests move it by hand). Default Date.now. */
  now?: () => number;
  /** How often rollout plans are checked; 0 turns the timer off (tests call `tickPlans`). Default 1000. */
  planTickMs?: number;
  /** The first webhook retry waits about this long, each further one twice as long. Default 5,000. */
  webhookRetryBaseMs?: number;
  /** Secrets stored under a slow hash (a short configured admin token) and that hash. */
  slowHashedSecrets?: ReadonlyMap<string, string>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Checks every running rollout plan once, now. */
    tickPlans(): Promise<void>;
    /** Applies every scheduled change that is due, now. */
    tickSchedules(): Promise<void>;
    /** Draining and ending streams on SIGTERM (start.ts drives it with the configured times). */
    gracefulShutdown: GracefulShutdown;
  }
}

/** Builds the Fastify app over a store: routes, auth, errors, metrics, docs. Does not listen. */
export async function createApp({
  config,
  store: rawStore,
  now = Date.now,
  planTickMs = 1000,
  webhookRetryBaseMs = 5_000,
  slowHashedSecrets,
}: AppOptions): Promise<FastifyInstance> {
  const redactUrl = createUrlRedactor(config.adminToken === undefined ? [] : [config.adminToken]);
  const app = Fastify({
    bodyLimit: BODY_LIMIT_BYTES,
    // Streams never end by themselves; on close, end them so SDKs reconnect elsewhere.
    forceCloseConnections: true,
    // A client that sends its headers or body slowly cannot hold a socket (and its memory) forever;
    // these bound receiving the request only, so streams' long responses are not affected.
    requestTimeout: config.limits.requestTimeoutMs,
    http: {
      headersTimeout: config.limits.headersTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, config.limits.headersTimeoutMs),
    },
    frameworkErrors: renderFrameworkError,
    requestIdHeader: 'x-request-id',
    logger: {
      level: config.logLevel,
      // Requests are logged as id, method and a redacted URL: never headers, bodies or secrets.
      serializers: {
        req: (req: { method: string; url: string; id: string }) => ({
          id: req.id,
          method: req.method,
          url: redactUrl(req.url),
        }),
      },
    },
  });
  const metrics = createServerMetrics();
  // The store's epoch: while the store is not trusted (it came back empty), writes are refused and
  // SDK routes serve the last good rulesets (docs/operations.md).
  const trust = createStoreTrust({
    store: rawStore,
    log: app.log,
    metrics,
    adminToken: config.adminToken,
    cache: () => ctx.cache,
    apiKeys: () => ctx.apiKeys,
  });
  const guarded = guardStore(rawStore, metrics, app.log, () => trust.guard.lost !== null);
  const leaseHolder = randomUUID();
  const webhooks = createWebhookService(guarded, { denyPrivate: config.webhooks.denyPrivate, now });
  const webhookRunner = new WebhookRunner({
    store: guarded,
    log: app.log,
    holder: leaseHolder,
    tickMs: 500,
    retryBaseMs: webhookRetryBaseMs,
    timeoutMs: config.webhooks.timeoutMs,
    denyPrivate: config.webhooks.denyPrivate,
    now,
  });
  // Every audited flag change, plan move and trigger firing becomes an event for the webhooks.
  const store = withWebhookEvents(guarded, async (event) => {
    try {
      if ((await webhooks.enqueue(event)) > 0) void webhookRunner.kick();
    } catch (err) {
      app.log.error({ err, event: event.type }, 'could not queue webhook deliveries');
    }
  });
  const flags = createFlagService(store);
  const ctx: DeliveryContext = {
    config,
    store,
    flags,
    segments: createSegmentService(store),
    metrics,
    cache: new RulesetCache(rawStore, app.log, trust.guard),
    ingest: new MetricsIngest(store, app.log, {
      now,
      onDropped: (reason, count) => metrics.droppedSdkMetrics.inc({ reason }, count),
    }),
    apiKeys: createKeyResolver(store, Date.now, slowHashedSecrets, trust.lastSeenKey),
    streams: new StreamRegistry(config.limits.streamsPerKey, config.limits.streams),
    now,
  };
  const plans = createPlanService(store, flags, now, { prometheus: config.prometheusUrl !== undefined });
  // The plan runner's lease makes one instance the one that runs plans and scheduled changes alike.
  const planRunner = new PlanRunner({
    holder: leaseHolder,
    store,
    flags,
    plans,
    ingest: ctx.ingest,
    log: app.log,
    now,
    tickMs: planTickMs || 1000,
    ...(config.prometheusUrl === undefined
      ? {}
      : { prometheus: new PrometheusGuard(createPrometheusQuery(config.prometheusUrl)) }),
  });
  app.decorate('tickPlans', () => planRunner.tick());
  const schedules = createScheduleService(store, now);
  // Due changes are looked for four times a second, so each applies within a second of its time.
  const scheduleRunner = new ScheduleRunner({
    store,
    flags,
    log: app.log,
    now,
    tickMs: 250,
    holder: leaseHolder,
  });
  app.decorate('tickSchedules', () => scheduleRunner.tick());
  // The flags file is read every second and reconciled by the lease holder within a tick of a change.
  const flagsFile =
    config.flagsFile === undefined
      ? undefined
      : {
          environment: config.flagsFile.environment,
          reconciler: new FlagsFileReconciler({
            ...config.flagsFile,
            store,
            flags,
            segments: ctx.segments,
            log: app.log,
            tickMs: 1000,
            holder: leaseHolder,
            onProblem: (kind) => metrics.flagsFileProblems.inc({ kind }),
          }),
        };
  const triggers = createTriggerService(store, flags, async (env, key, actor) => {
    const plan = await store.getPlan(env, key);
    if (plan?.state !== 'running') return `"${key}" has no running rollout plan`;
    try {
      await plans.pause(env, key, actor);
      return null;
    } catch (err) {
      // Another instance or a person moved the plan first.
      if (err instanceof ApiError) return err.message;
      throw err;
    }
  });

  // JSON only: a text/plain body is a 415, not a string that fails validation later.
  app.removeContentTypeParser('text/plain');
  registerJsonBodyParser(app);
  registerErrorHandler(app);
  registerRequestMetrics(app, metrics);
  // Counts shared by every instance when there is a Redis; on its own connection, closed with the app.
  const limitsRedis =
    config.redisUrl === undefined ? undefined : createRedisClient(parseRedisUrl(config.redisUrl));
  if (limitsRedis) {
    app.addHook('onClose', async () => limitsRedis.disconnect());
    // Limits fail open while Redis is away, and the store already reports the outage
    // (same Redis); this listener keeps ioredis from printing every failed reconnection attempt.
    limitsRedis.on('error', (err: Error) => app.log.debug({ err }, 'rate-limit Redis connection error'));
  }
  registerSecurityHeaders(app);
  registerSdkCors(app, config.corsOrigins);
  const limits = createRateLimits(
    config.limits,
    limitsRedis && { client: limitsRedis, prefix: config.redisKeyPrefix },
  );
  const shutdown = registerGracefulShutdown(app, ctx.streams);
  app.decorate('gracefulShutdown', shutdown);
  registerAuth(app, ctx.apiKeys, limits);
  registerOpenApi(app, SERVER_VERSION);
  operationsRoutes(app, ctx, metrics, shutdown, trust.guard);

  await app.register(
    async (api) => {
      // While the store is not trusted, admin writes wait for an operator (restore or accept).
      api.addHook('preHandler', async (request) => {
        const write = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
        if (write && trust.guard.lost !== null && !request.url.startsWith('/api/v1/store'))
          throw new ApiError('SY_ERR_STORE_FORGOT');
      });
      environmentRoutes(api, ctx);
      flagRoutes(api, ctx);
      segmentRoutes(api, ctx);
      auditRoutes(api, ctx);
      keyRoutes(api, ctx);
      flagMetricsRoutes(api, ctx);
      planRoutes(api, plans);
      lifecycleRoutes(api, ctx, {
        schedules,
        now,
        thresholds: {
          launchedAfterMs: config.staleLaunchedDays * 86_400_000,
          inactiveAfterMs: config.staleInactiveDays * 86_400_000,
        },
      });
      triggerRoutes(api, triggers);
      webhookRoutes(api, webhooks);
      importRoutes(api, createImportService(store, flags, ctx.segments));
      flagsFileRoutes(api, store, flagsFile);
      storeRoutes(api, ctx, trust, rawStore);
    },
    { prefix: '/api/v1' },
  );
  serverSdkRoutes(app, ctx);
  await consoleRoutes(app, config.consoleDir);
  await app.register(async (sdk) => clientSdkRoutes(sdk, ctx));
  await app.register(async (hooks) => triggerHookRoutes(hooks, triggers));
  await app.register(async (ofrep) => ofrepRoutes(ofrep, ctx), { prefix: '/ofrep' });

  // A revoked key stops working here at once, and its open streams end (on every instance).
  const stopRevocations = rawStore.onApiKeyRevoked((id) => {
    ctx.apiKeys.forget();
    ctx.streams.closeKey(id);
  });
  const unsubscribe = rawStore.subscribe((change) => {
    metrics.flagChanges.inc({ environment: change.environment, kind: change.kind });
  });
  // After a Redis outage the store has replayed what it could; environments it could not replay reload.
  const stopWatching = rawStore.onConnectionChange?.((event) => {
    if (event.type === 'lost')
      app.log.warn({ reason: event.error }, 'store connection lost; serving from memory');
    if (event.type === 'reconnected') {
      app.log.info('store reconnected');
      ctx.cache.resync().catch((err: unknown) => app.log.error({ err }, 'resync after reconnect failed'));
      // Revocations published while this instance was cut off were not heard: look them up.
      endRevokedStreams(rawStore, ctx.streams).catch((err: unknown) =>
        app.log.error({ err }, 'revocation check after reconnect failed'),
      );
    }
    if (event.type === 'resync-needed') ctx.cache.invalidate(event.environment);
  });
  await trust.start();
  if (planTickMs > 0) {
    planRunner.start();
    scheduleRunner.start();
    webhookRunner.start();
  }
  flagsFile?.reconciler.start();
  app.addHook('onClose', async () => {
    await flagsFile?.reconciler.stop();
    trust.guard.stop();
    await planRunner.stop();
    await scheduleRunner.stop();
    await webhookRunner.stop();
    stopWatching?.();
    stopRevocations();
    unsubscribe();
    ctx.cache.close();
    await ctx.ingest.close();
  });
  return app;
}

/** Ends the streams of keys revoked meanwhile (after a reconnect, when announcements may be lost). */
async function endRevokedStreams(store: FlagStore, streams: StreamRegistry): Promise<void> {
  const open = new Set(streams.keyIds());
  for (const key of await store.listApiKeys())
    if (key.revokedAt !== null && open.has(key.id)) streams.closeKey(key.id);
}
