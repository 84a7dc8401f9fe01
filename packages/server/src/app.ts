import Fastify, { type FastifyInstance } from 'fastify';
import type { ServerConfig } from './config/config.js';
import { MetricsIngest } from './delivery/metrics-ingest.js';
import { RulesetCache } from './delivery/ruleset-cache.js';
import { ApiError } from './errors.js';
import { createKeyResolver, registerAuth } from './http/auth.js';
import type { DeliveryContext } from './http/context.js';
import { registerErrorHandler } from './http/error-handler.js';
import { createServerMetrics, registerRequestMetrics } from './http/metrics.js';
import { registerOpenApi } from './http/openapi.js';
import { auditRoutes } from './http/routes/admin/audit.js';
import { environmentRoutes } from './http/routes/admin/environments.js';
import { flagMetricsRoutes } from './http/routes/admin/flag-metrics.js';
import { flagRoutes } from './http/routes/admin/flags.js';
import { keyRoutes } from './http/routes/admin/keys.js';
import { planRoutes } from './http/routes/admin/plans.js';
import { segmentRoutes } from './http/routes/admin/segments.js';
import { triggerRoutes } from './http/routes/admin/triggers.js';
import { consoleRoutes } from './http/routes/console.js';
import { triggerHookRoutes } from './http/routes/hooks/trigger-hooks.js';
import { operationsRoutes } from './http/routes/ops/health.js';
import { clientSdkRoutes } from './http/routes/sdk/client-sdk.js';
import { serverSdkRoutes } from './http/routes/sdk/server-sdk.js';
import { guardStore } from './http/store-guard.js';
import { PlanRunner } from './rollouts/plan-runner.js';
import { createPlanService } from './rollouts/plan-service.js';
import { PrometheusGuard } from './rollouts/prometheus-guard.js';
import { createPrometheusQuery } from './rollouts/prometheus-query.js';
import { createFlagService } from './services/flags.js';
import { createSegmentService } from './services/segments.js';
import { createTriggerService, TRIGGER_PATH } from './services/triggers.js';
import type { FlagStore } from './store/types.js';
import { SERVER_VERSION } from './version.js';

/** Request bodies above this size are refused with 413; a flag with large target lists fits easily. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Query parameters that carry secrets and must never reach a log line. */
const SECRET_QUERY = /([?&](?:key|token)=)[^&]*/gi;
/** Trigger URLs carry their token in the path. */
const SECRET_PATH = new RegExp(`^(${TRIGGER_PATH}/)[^/?#]*`);

/** A request URL as logs show it: secrets in the query or path replaced. */
export const loggableUrl = (url: string) =>
  url.replace(SECRET_PATH, '$1[redacted]').replace(SECRET_QUERY, '$1[redacted]');

export interface AppOptions {
  config: ServerConfig;
  store: FlagStore;
  /** Time source of metrics and rollout plans (tests move it by hand). Default Date.now. */
  now?: () => number;
  /** How often rollout plans are checked; 0 turns the timer off (tests call `tickPlans`). Default 1000. */
  planTickMs?: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Checks every running rollout plan once, now. */
    tickPlans(): Promise<void>;
  }
}

/** Builds the Fastify app over a store: routes, auth, errors, metrics, docs. Does not listen. */
export async function createApp({
  config,
  store: rawStore,
  now = Date.now,
  planTickMs = 1000,
}: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: BODY_LIMIT_BYTES,
    // Streams never end by themselves; on close, end them so SDKs reconnect elsewhere.
    forceCloseConnections: true,
    requestIdHeader: 'x-request-id',
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization'],
      serializers: {
        req: (req: { method: string; url: string; id: string }) => ({
          id: req.id,
          method: req.method,
          url: loggableUrl(req.url),
        }),
      },
    },
  });
  const metrics = createServerMetrics();
  const store = guardStore(rawStore, metrics, app.log);
  const flags = createFlagService(store);
  const ctx: DeliveryContext = {
    config,
    store,
    flags,
    segments: createSegmentService(store),
    metrics,
    cache: new RulesetCache(rawStore, app.log),
    ingest: new MetricsIngest(store, app.log, 1000, now),
    apiKeys: createKeyResolver(store),
    now,
  };
  const plans = createPlanService(store, flags, now, { prometheus: config.prometheusUrl !== undefined });
  const planRunner = new PlanRunner({
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
  registerErrorHandler(app);
  registerRequestMetrics(app, metrics);
  registerAuth(app, ctx.apiKeys);
  registerOpenApi(app, SERVER_VERSION);
  operationsRoutes(app, ctx, metrics);

  await app.register(
    async (api) => {
      environmentRoutes(api, ctx);
      flagRoutes(api, ctx);
      segmentRoutes(api, ctx);
      auditRoutes(api, ctx);
      keyRoutes(api, ctx);
      flagMetricsRoutes(api, ctx);
      planRoutes(api, plans);
      triggerRoutes(api, triggers);
    },
    { prefix: '/api/v1' },
  );
  serverSdkRoutes(app, ctx);
  await consoleRoutes(app, config.consoleDir);
  await app.register(async (sdk) => clientSdkRoutes(sdk, ctx));
  await app.register(async (hooks) => triggerHookRoutes(hooks, triggers));

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
    }
    if (event.type === 'resync-needed') ctx.cache.invalidate(event.environment);
  });
  if (planTickMs > 0) planRunner.start();
  app.addHook('onClose', async () => {
    await planRunner.stop();
    stopWatching?.();
    unsubscribe();
    ctx.cache.close();
    await ctx.ingest.close();
  });
  return app;
}
