import { segmentInputSchema, segmentSchema } from '@switchyard/shared';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../../errors.js';
import { actorOf, assertEnvironmentAccess } from '../../auth.js';
import type { AppContext } from '../../context.js';
import { envKeyParams, envParam, etag, ifMatch } from '../../request-parts.js';
import { adminRoute } from '../../route-config.js';

/** Segments CRUD under /environments/:env/segments. */
export function segmentRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { store, segments } = ctx;

  app.get(
    '/environments/:env/segments',
    { config: adminRoute({ tag: 'segments', summary: 'List the segments of an environment' }) },
    async (request) => {
      const env = envParam(request);
      assertEnvironmentAccess(request, env);
      if ((await store.getEnvironment(env)) === undefined) throw new ApiError('SY_ERR_ENVIRONMENT_NOT_FOUND');
      return { segments: await store.listSegments(env) };
    },
  );

  app.get(
    '/environments/:env/segments/:key',
    { config: adminRoute({ tag: 'segments', summary: 'Get a segment', response: segmentSchema }) },
    async (request, reply) => {
      const { env, key } = envKeyParams(request);
      assertEnvironmentAccess(request, env);
      const segment = await store.getSegment(env, key);
      if (segment === undefined) {
        if ((await store.getEnvironment(env)) === undefined)
          throw new ApiError('SY_ERR_ENVIRONMENT_NOT_FOUND');
        throw new ApiError('SY_ERR_SEGMENT_NOT_FOUND', `No segment "${key}" in "${env}"`);
      }
      reply.header('etag', etag(segment.version));
      return segment;
    },
  );

  app.put(
    '/environments/:env/segments/:key',
    {
      config: adminRoute({
        tag: 'segments',
        summary: 'Create or replace a segment',
        body: segmentInputSchema,
        response: segmentSchema,
      }),
    },
    async (request, reply) => {
      const { env, key } = envKeyParams(request);
      assertEnvironmentAccess(request, env);
      const result = await segments.put(env, key, request.body, ifMatch(request), actorOf(request));
      reply.header('etag', etag(result.segment.version)).status(result.created ? 201 : 200);
      return result.segment;
    },
  );

  app.delete(
    '/environments/:env/segments/:key',
    { config: adminRoute({ tag: 'segments', summary: 'Delete a segment' }) },
    async (request, reply) => {
      const { env, key } = envKeyParams(request);
      assertEnvironmentAccess(request, env);
      await segments.remove(env, key, ifMatch(request), actorOf(request));
      return reply.status(204).send();
    },
  );
}
