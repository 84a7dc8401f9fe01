import { rulesetResponseSchema } from '@switchyard/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RulesetFanout } from '../../../delivery/ruleset-fanout.js';
import { openSse } from '../../../delivery/sse.js';
import { requireEnvironment } from '../../../services/environments.js';
import { assertEnvironmentAccess } from '../../auth.js';
import type { DeliveryContext } from '../../context.js';
import { envParam } from '../../request-parts.js';
import { adminRoute, withKey } from '../../route-config.js';
import { lastEventId, sdkEnvironment, streamOwner, wantsEpoch } from '../../sdk-environment.js';
import { withSdkSecurityHeaders } from '../../security-headers.js';

/** What server-side SDKs read: the whole ruleset, and the stream of its changes. */
export function serverSdkRoutes(app: FastifyInstance, ctx: DeliveryContext): void {
  const { cache, config, metrics, store, streams } = ctx;
  const fanout = new RulesetFanout(cache);

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
    const connection = streams.open(streamOwner(request), () =>
      openSse(request, reply, config.heartbeatMs, withSdkSecurityHeaders()),
    );
    metrics.streamConnections.inc({ stream: label });
    connection.onClose(() => metrics.streamConnections.dec({ stream: label }));

    const withEpoch = wantsEpoch(request);
    const since = lastEventId(request);
    const missed = since === undefined ? null : state.changesSince(since);
    if (missed === null) fanout.sendPut(connection, state, withEpoch);
    else for (const change of missed) fanout.sendChange(connection, change);
    fanout.follow(environment, connection, withEpoch);
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
