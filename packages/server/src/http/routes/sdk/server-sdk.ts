import { rulesetResponseSchema } from '@switchyard/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DeliveredChange, EnvironmentState } from '../../../delivery/environment-state.js';
import { openSse, type SseConnection } from '../../../delivery/sse.js';
import { createEventFormatter, formatEvent, type SseMessage } from '../../../delivery/sse-message.js';
import { requireEnvironment } from '../../../services/environments.js';
import { assertEnvironmentAccess } from '../../auth.js';
import type { DeliveryContext } from '../../context.js';
import { envParam } from '../../request-parts.js';
import { adminRoute, withKey } from '../../route-config.js';
import { lastEventId, sdkEnvironment, streamOwner, wantsEpoch } from '../../sdk-environment.js';

/** The SSE message of one change, formatted once for every stream that sends it. */
function changeMessage(change: DeliveredChange): SseMessage {
  return change.data === null
    ? formatEvent('delete', { kind: change.kind, key: change.key, version: change.version }, change.revision)
    : formatEvent('patch', { kind: change.kind, data: change.data }, change.revision);
}

/** What server-side SDKs read: the whole ruleset, and the stream of its changes. */
export function serverSdkRoutes(app: FastifyInstance, ctx: DeliveryContext): void {
  const { cache, config, metrics, store, streams } = ctx;
  const formatted = createEventFormatter();
  const sendChange = (connection: SseConnection, change: DeliveredChange) =>
    connection.sendMessage(formatted(change, changeMessage));
  const sendPut = (connection: SseConnection, state: EnvironmentState, withEpoch: boolean) => {
    const ruleset = state.ruleset(withEpoch);
    connection.sendMessage(formatted(ruleset, (r) => formatEvent('put', r, state.revision)));
  };

  app.get(
    '/sdk/v1/ruleset',
    {
      logLevel: config.sdkLogLevel,
      config: withKey(['server'], {
        tag: 'sdk',
        summary:
          "The key's environment: all flags and segments with a revision (ETag; If-None-Match gives 304)",
        response: rulesetResponseSchema,
      }),
    },
    async (request, reply) => {
      const state = await cache.get(sdkEnvironment(request));
      // The epoch is in the tag: a restored store may reach a revision an SDK holds from before.
      const tag = state.epoch === undefined ? `"${state.revision}"` : `"${state.revision}-${state.epoch}"`;
      reply.header('etag', tag).header('cache-control', 'no-cache');
      if (request.headers['if-none-match'] === tag) return reply.status(304).send();
      return state.ruleset(wantsEpoch(request));
    },
  );

  const streamRuleset = async (
    request: FastifyRequest,
    reply: FastifyReply,
    environment: string,
    label: string,
  ) => {
    const state = await cache.get(environment);
    const connection = streams.open(streamOwner(request), () => openSse(request, reply, config.heartbeatMs));
    metrics.streamConnections.inc({ stream: label });
    connection.onClose(() => metrics.streamConnections.dec({ stream: label }));

    const withEpoch = wantsEpoch(request);
    const since = lastEventId(request);
    const missed = since === undefined ? null : state.changesSince(since);
    if (missed === null) sendPut(connection, state, withEpoch);
    else for (const change of missed) sendChange(connection, change);

    const stop = cache.listen(environment, (event) => {
      if (event.type === 'change') sendChange(connection, event.change);
      else sendPut(connection, event.state, withEpoch);
    });
    connection.onClose(stop);
  };

  app.get(
    '/sdk/v1/stream',
    {
      config: withKey(['server'], {
        tag: 'sdk',
        summary:
          'SSE: `put` (whole ruleset), then `patch` and `delete` in revision order; ids are revisions; Last-Event-ID replays what was missed',
      }),
    },
    (request, reply) => streamRuleset(request, reply, sdkEnvironment(request), 'server'),
  );

  // The same stream for tools with an admin key (the console follows changes made elsewhere with it).
  app.get(
    '/api/v1/environments/:env/stream',
    {
      config: adminRoute({
        tag: 'environments',
        summary: 'SSE of every change in the environment, as server SDKs get it (for consoles and tools)',
      }),
    },
    async (request, reply) => {
      const environment = envParam(request);
      assertEnvironmentAccess(request, environment);
      await requireEnvironment(store, environment);
      return streamRuleset(request, reply, environment, 'admin');
    },
  );
}
