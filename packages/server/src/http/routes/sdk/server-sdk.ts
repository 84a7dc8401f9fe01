import { rulesetResponseSchema } from '@switchyard/shared';
import type { FastifyInstance } from 'fastify';
import type { DeliveredChange } from '../../../delivery/environment-state.js';
import { openSse, type SseConnection } from '../../../delivery/sse.js';
import type { DeliveryContext } from '../../context.js';
import { withKey } from '../../route-config.js';
import { lastEventId, sdkEnvironment } from '../../sdk-environment.js';

function sendChange(connection: SseConnection, change: DeliveredChange): void {
  if (change.data === null) {
    connection.send(
      'delete',
      { kind: change.kind, key: change.key, version: change.version },
      change.revision,
    );
  } else {
    connection.send('patch', { kind: change.kind, data: change.data }, change.revision);
  }
}

/** What server-side SDKs read: the whole ruleset, and the stream of its changes. */
export function serverSdkRoutes(app: FastifyInstance, ctx: DeliveryContext): void {
  const { cache, config, metrics } = ctx;

  app.get(
    '/sdk/v1/ruleset',
    {
      config: withKey(['server'], {
        tag: 'sdk',
        summary:
          "The key's environment: all flags and segments with a revision (ETag; If-None-Match gives 304)",
        response: rulesetResponseSchema,
      }),
    },
    async (request, reply) => {
      const state = await cache.get(sdkEnvironment(request));
      const tag = `"${state.revision}"`;
      reply.header('etag', tag).header('cache-control', 'no-cache');
      if (request.headers['if-none-match'] === tag) return reply.status(304).send();
      return state.ruleset();
    },
  );

  app.get(
    '/sdk/v1/stream',
    {
      config: withKey(['server'], {
        tag: 'sdk',
        summary:
          'SSE: `put` (whole ruleset), then `patch` and `delete` in revision order; ids are revisions; Last-Event-ID replays what was missed',
      }),
    },
    async (request, reply) => {
      const environment = sdkEnvironment(request);
      const state = await cache.get(environment);
      const connection = openSse(request, reply, config.heartbeatMs);
      metrics.streamConnections.inc({ stream: 'server' });
      connection.onClose(() => metrics.streamConnections.dec({ stream: 'server' }));

      const since = lastEventId(request);
      const missed = since === undefined ? null : state.changesSince(since);
      if (missed === null) connection.send('put', state.ruleset(), state.revision);
      else for (const change of missed) sendChange(connection, change);

      const stop = cache.listen(environment, (event) => {
        if (event.type === 'change') sendChange(connection, event.change);
        else connection.send('put', event.state.ruleset(), event.state.revision);
      });
      connection.onClose(stop);
    },
  );
}
