import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { bulkEtag, evaluateAllForOfrep, toOfrepEvaluation } from '../../../delivery/ofrep-evaluation.js';
import type { ApiKeyKind } from '../../../store/types.js';
import type { RouteAuth } from '../../auth.js';
import { openBrowserSse } from '../../browser-sse.js';
import type { DeliveryContext } from '../../context.js';
import type { RouteDoc } from '../../openapi.js';
import { lastEventId, sdkEnvironment } from '../../sdk-environment.js';
import { registerOfrepErrorHandler } from './ofrep-failure.js';
import { ofrepContext } from './ofrep-request.js';

/** A context is a few attributes; anything bigger is not a context. */
export const OFREP_BODY_LIMIT_BYTES = 64 * 1024;

/** How long a bulk request that names a revision this instance has not reached yet waits for it. */
export const REFETCH_WAIT_MS = 1000;

/** What providers close the event stream after while their page or app is inactive (OFREP's default). */
const INACTIVITY_DELAY_SEC = 120;

const ofrepRoute = (kinds: readonly ApiKeyKind[], doc: RouteDoc, queryParam?: string) => ({
  auth: { kinds, apiKeyHeader: true, ...(queryParam ? { queryParam } : {}) } satisfies RouteAuth,
  doc,
});

const bulkQuerySchema = z.object({ flagConfigEtag: z.string().max(64).optional() });

/** The key the request authenticated with, for the event stream URL (EventSource cannot send headers). */
function secretOf(request: FastifyRequest): string {
  const header = request.headers.authorization;
  const bearer = header === undefined ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  const apiKey = request.headers['x-api-key'];
  return bearer ?? (typeof apiKey === 'string' ? apiKey.trim() : '');
}

/**
 * The OpenFeature Remote Evaluation Protocol (open-feature/protocol `service/openapi.yaml`): any
 * OpenFeature OFREP provider, in any language, evaluates Switchyard flags through these routes.
 * Registered under `/ofrep` in a context of their own: their errors are OFREP's; CORS is the SDK
 * routes' (http/sdk-cors.ts).
 */
export async function ofrepRoutes(app: FastifyInstance, ctx: DeliveryContext): Promise<void> {
  const { cache, config } = ctx;
  registerOfrepErrorHandler(app);

  app.post(
    '/v1/evaluate/flags/:key',
    {
      bodyLimit: OFREP_BODY_LIMIT_BYTES,
      logLevel: config.sdkLogLevel,
      config: ofrepRoute(['server', 'client'], {
        tag: 'ofrep',
        summary:
          'OFREP: one flag for `{ context }` (server or client key, Bearer or X-API-Key): `{ key, value, variant, reason, metadata }`; 404 FLAG_NOT_FOUND; 400 TARGETING_KEY_MISSING, INVALID_CONTEXT, PARSE_ERROR',
      }),
    },
    async (request, reply) => {
      // Any key is looked up as it is; one that names no flag is simply not found.
      const { key } = request.params as { key: string };
      const context = ofrepContext(request.body);
      const state = await cache.get(sdkEnvironment(request));
      const evaluation = toOfrepEvaluation(key, state.evaluator.evaluate(key, context, null));
      const status = !('errorCode' in evaluation)
        ? 200
        : evaluation.errorCode === 'FLAG_NOT_FOUND'
          ? 404
          : 400;
      return reply.status(status).send(evaluation);
    },
  );

  app.post(
    '/v1/evaluate/flags',
    {
      bodyLimit: OFREP_BODY_LIMIT_BYTES,
      logLevel: config.sdkLogLevel,
      config: ofrepRoute(['client'], {
        tag: 'ofrep',
        summary:
          'OFREP bulk: every flag for `{ context }` (client key), `metadata` with the ruleset revision and store epoch; ETag per revision, epoch and context, If-None-Match gives 304; `eventStreams` names the SSE stream of `refetchEvaluation` events',
        query: bulkQuerySchema,
      }),
    },
    async (request, reply) => {
      const context = ofrepContext(request.body);
      const environment = sdkEnvironment(request);
      const { flagConfigEtag } = bulkQuerySchema.catch({}).parse(request.query);
      // A refetch told of revision N by the event stream waits for this instance to have N.
      const wanted =
        flagConfigEtag !== undefined && /^\d{1,15}$/.test(flagConfigEtag) ? Number(flagConfigEtag) : 0;
      const state = await cache.atLeast(environment, wanted, REFETCH_WAIT_MS);
      const tag = bulkEtag(state.revision, context, state.epoch);
      reply.header('etag', tag).header('cache-control', 'no-cache');
      if (request.headers['if-none-match'] === tag) return reply.status(304).send();
      const query = new URLSearchParams({ key: secretOf(request) });
      return reply.send({
        flags: evaluateAllForOfrep(state, context),
        // Flag-set metadata (OFREP allows any): a provider may refuse a revision going backwards
        // within one epoch, as the Switchyard SDKs do.
        metadata:
          state.epoch === undefined
            ? { revision: state.revision }
            : { revision: state.revision, epoch: state.epoch },
        eventStreams: [
          {
            type: 'sse',
            endpoint: { requestUri: `/ofrep/v1/events?${query}` },
            inactivityDelaySec: INACTIVITY_DELAY_SEC,
          },
        ],
      });
    },
  );

  app.get(
    '/v1/events',
    {
      config: ofrepRoute(
        ['client'],
        {
          tag: 'ofrep',
          summary:
            'OFREP event stream (SSE, the bulk response names it): `message` events `{ "type": "refetchEvaluation", "etag" }` with the revision as id; Last-Event-ID behind the current revision gets one at once',
        },
        'key',
      ),
    },
    async (request, reply) => {
      const environment = sdkEnvironment(request);
      const state = await cache.get(environment);
      const connection = openBrowserSse(request, reply, ctx, 'ofrep');
      const refetch = (revision: number) =>
        connection.send('message', { type: 'refetchEvaluation', etag: String(revision) }, revision);
      // Notifications carry no data, so what was missed collapses into one refetch.
      const since = lastEventId(request);
      if (since !== undefined && since < state.revision) refetch(state.revision);
      const stop = cache.listen(environment, (event) =>
        refetch(event.type === 'reload' ? event.state.revision : event.change.revision),
      );
      connection.onClose(stop);
    },
  );
}
