import {
  type Context,
  checkEvaluateRequest,
  checkEventsBatch,
  contextSchema,
  type EvaluatedFlags,
  type EventsBatch,
  evaluateRequestSchema,
  evaluateResponseSchema,
  eventsBatchEnvelopeSchema,
  eventsBatchSchema,
  jsonTextDeeperThan,
  MAX_JSON_DEPTH,
  reportedVariantMetricsSchema,
} from '@switchyard/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { EnvironmentState } from '../../../delivery/environment-state.js';
import { openSse, type SseConnection } from '../../../delivery/sse.js';
import { ApiError, parseOrThrow } from '../../../errors.js';
import { metricsScope, sourceOfKey } from '../../../metrics/metrics-sources.js';
import { keyOf } from '../../auth.js';
import type { DeliveryContext } from '../../context.js';
import { withKey } from '../../route-config.js';
import { allowedOrigin } from '../../sdk-cors.js';
import { sdkEnvironment, streamOwner, wantsEpoch } from '../../sdk-environment.js';
import { withSdkSecurityHeaders } from '../../security-headers.js';

const streamQuerySchema = z.object({
  context: z.string().max(16_384).optional(),
  /** `1`: payloads carry the store epoch (docs/design.md). */
  epoch: z.string().max(8).optional(),
  key: z.string().optional(),
});

/** The context of a client stream: base64url JSON in the query, as EventSource cannot send a body. */
function contextFromQuery(encoded: string | undefined): Context {
  if (encoded === undefined) return {};
  let json: unknown;
  try {
    const text = Buffer.from(encoded, 'base64url').toString('utf8');
    // A context is flat: refuse deep nesting before anything walks it.
    if (jsonTextDeeperThan(text, MAX_JSON_DEPTH)) throw new Error('too deep');
    json = JSON.parse(text);
  } catch {
    throw new ApiError('SY_ERR_VALIDATION', 'Invalid query: context: expected base64url-encoded JSON', [
      { path: 'context', message: 'expected base64url-encoded JSON' },
    ]);
  }
  return parseOrThrow(contextSchema, json, 'context', ['context']);
}

/**
 * A `POST /sdk/v1/events` body, checked by hand (zod would hold the event loop for tens of milliseconds
 * on 10,000 entries); only the part that is wrong goes through zod, for a 400 that names the field.
 */
function readEventsBatch(body: unknown): EventsBatch {
  const checked = checkEventsBatch(body);
  if (checked.ok) return checked.batch;
  const { metrics } = body as { metrics: unknown[] };
  if (checked.entry >= 0)
    parseOrThrow(reportedVariantMetricsSchema, metrics[checked.entry], 'events', ['metrics', checked.entry]);
  else parseOrThrow(eventsBatchEnvelopeSchema, body, 'events');
  // Not reached while the hand check and the schema agree (a property test holds them equal).
  return parseOrThrow(eventsBatchSchema, body, 'events');
}

/** The answer of `POST /sdk/v1/evaluate`: one JSON text, built by the environment's state. */
function sendEvaluation(
  request: FastifyRequest,
  reply: FastifyReply,
  state: EnvironmentState,
  context: Context,
) {
  return reply
    .type('application/json; charset=utf-8')
    .send(state.evaluationJson(context, wantsEpoch(request)));
}

/** What browsers read: values evaluated on the server for one context, and their live changes. */
export async function clientSdkRoutes(app: FastifyInstance, ctx: DeliveryContext): Promise<void> {
  const { cache, config, metrics, ingest } = ctx;

  app.post(
    '/sdk/v1/evaluate',
    {
      logLevel: config.sdkLogLevel,
      config: withKey(['client'], {
        tag: 'sdk',
        summary: 'Every flag evaluated for a context (client key): values, variants and reasons only',
        body: evaluateRequestSchema,
        response: evaluateResponseSchema,
      }),
    },
    (request, reply) => {
      // The hand check takes every valid body; the schema runs only for a 400 that names the field.
      const context =
        checkEvaluateRequest(request.body) ??
        parseOrThrow(evaluateRequestSchema, request.body, 'request').context;
      const environment = sdkEnvironment(request);
      // A loaded environment is answered at once (no promise, no closure); otherwise once it has loaded.
      const ready = cache.ready(environment);
      if (ready === undefined)
        return cache.get(environment).then((state) => sendEvaluation(request, reply, state, context));
      sendEvaluation(request, reply, ready, context);
    },
  );

  app.get(
    '/sdk/v1/evaluate/stream',
    {
      config: {
        ...withKey(['client'], {
          tag: 'sdk',
          summary:
            'SSE for one context: `put` with all values, then `patch` with the values that changed and `delete` with removed keys. ' +
            'The context is base64url JSON in `?context=`; the client key may be sent as `?key=` because EventSource cannot send headers',
          query: streamQuerySchema,
        }),
        auth: { kinds: ['client'], queryParam: 'key' },
      },
    },
    async (request, reply) => {
      const query = parseOrThrow(streamQuerySchema, request.query, 'query');
      const context = contextFromQuery(query.context);
      const environment = sdkEnvironment(request);
      const withEpoch = wantsEpoch(request);
      const head = (state: EnvironmentState) =>
        withEpoch && state.epoch !== undefined
          ? { epoch: state.epoch, revision: state.revision }
          : { revision: state.revision };
      // Subscribe before the snapshot: a change that lands while the snapshot is read is then sent
      // as a patch after the put, instead of being lost between the two.
      let last: EvaluatedFlags | undefined;
      let missed = false;
      let connection: SseConnection | undefined;
      const update = (current: EnvironmentState) => {
        if (last === undefined || connection === undefined) {
          missed = true;
          return;
        }
        const next = current.evaluator.evaluateAll(context);
        const changed: EvaluatedFlags = {};
        for (const [key, result] of Object.entries(next)) {
          if (JSON.stringify(result) !== JSON.stringify(last[key])) changed[key] = result;
        }
        const removed = Object.keys(last).filter((key) => !(key in next));
        last = next;
        if (Object.keys(changed).length > 0)
          connection.send('patch', { ...head(current), flags: changed }, current.revision);
        if (removed.length > 0) connection.send('delete', { keys: removed }, current.revision);
      };
      const stop = cache.listen(environment, (event) => {
        const state = event.type === 'reload' ? event.state : undefined;
        void (state ? Promise.resolve(state) : cache.get(environment)).then(update);
      });
      let state: EnvironmentState;
      try {
        state = await cache.get(environment);
      } catch (err) {
        stop();
        throw err;
      }
      // The stream takes over the response, so the security and CORS hooks' headers are set again here.
      const origin = allowedOrigin(config.corsOrigins, request.headers.origin);
      try {
        connection = ctx.streams.open(streamOwner(request), () =>
          openSse(
            request,
            reply,
            config.heartbeatMs,
            withSdkSecurityHeaders(origin ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {}),
          ),
        );
      } catch (err) {
        stop();
        throw err;
      }
      metrics.streamConnections.inc({ stream: 'client' });
      connection.onClose(() => metrics.streamConnections.dec({ stream: 'client' }));
      connection.onClose(stop);
      // Values and revision from one synchronous read of the same state: they always agree.
      last = state.evaluator.evaluateAll(context);
      connection.send('put', { ...head(state), flags: last }, undefined);
      // A change during the read may have replaced the state (a reload): compare with the newest one.
      if (missed) void cache.get(environment).then(update);
    },
  );

  app.post(
    '/sdk/v1/events',
    {
      logLevel: config.sdkLogLevel,
      config: withKey(['server', 'client'], {
        tag: 'sdk',
        summary: 'Batched evaluation counts, exposures, errors and latencies per flag variant',
        body: eventsBatchSchema,
      }),
    },
    async (request, reply) => {
      const batch = readEventsBatch(request.body);
      const environment = sdkEnvironment(request);
      const state = await cache.get(environment);
      const scope = metricsScope(environment, sourceOfKey(keyOf(request).kind));
      return reply.status(202).send(ingest.add(scope, state.flags, batch.metrics));
    },
  );
}
