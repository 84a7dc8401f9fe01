import {
  type FlagHistory,
  type FlagList,
  flagInputSchema,
  flagSchema,
  percentageOf,
  percentageSchema,
} from '@switchyard/shared';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiError, parseOrThrow } from '../../../errors.js';
import { actorOf, assertEnvironmentAccess } from '../../auth.js';
import type { AppContext } from '../../context.js';
import { envKeyParams, envParam, etag, ifMatch } from '../../request-parts.js';
import { adminRoute } from '../../route-config.js';

export const rolloutBodySchema = z.strictObject({ percentage: percentageSchema });

export const restoreBodySchema = z.strictObject({ version: z.number().int().min(1) });

/** Flags CRUD, ramp, kill switch, history and restore under /environments/:env/flags. */
export function flagRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { store, flags } = ctx;

  app.get(
    '/environments/:env/flags',
    {
      config: adminRoute({
        tag: 'flags',
        summary: "List the flags of an environment, with each boolean flag's percentage",
      }),
    },
    async (request): Promise<FlagList> => {
      const env = envParam(request);
      assertEnvironmentAccess(request, env);
      if ((await store.getEnvironment(env)) === undefined) {
        throw new ApiError('SY_ERR_ENVIRONMENT_NOT_FOUND', `No environment "${env}"`);
      }
      const list = await store.listFlags(env);
      return {
        flags: list.map((flag) => ({
          ...flag,
          percentage: percentageOf(flag),
        })),
      };
    },
  );

  app.get(
    '/environments/:env/flags/:key',
    {
      config: adminRoute({ tag: 'flags', summary: 'Get a flag; ETag is its version', response: flagSchema }),
    },
    async (request, reply) => {
      const { env, key } = envKeyParams(request);
      assertEnvironmentAccess(request, env);
      const flag = await store.getFlag(env, key);
      if (flag === undefined) {
        if ((await store.getEnvironment(env)) === undefined)
          throw new ApiError('SY_ERR_ENVIRONMENT_NOT_FOUND');
        throw new ApiError('SY_ERR_FLAG_NOT_FOUND', `No flag "${key}" in "${env}"`);
      }
      reply.header('etag', etag(flag.version));
      return flag;
    },
  );

  app.put(
    '/environments/:env/flags/:key',
    {
      config: adminRoute({
        tag: 'flags',
        summary: 'Create or replace a flag (If-Match: "<version>" to guard against lost updates)',
        body: flagInputSchema,
        response: flagSchema,
      }),
    },
    async (request, reply) => {
      const { env, key } = envKeyParams(request);
      assertEnvironmentAccess(request, env);
      const result = await flags.put(env, key, request.body, ifMatch(request), actorOf(request));
      reply.header('etag', etag(result.flag.version)).status(result.created ? 201 : 200);
      return result.flag;
    },
  );

  app.delete(
    '/environments/:env/flags/:key',
    { config: adminRoute({ tag: 'flags', summary: 'Delete a flag (its history is kept)' }) },
    async (request, reply) => {
      const { env, key } = envKeyParams(request);
      assertEnvironmentAccess(request, env);
      await flags.remove(env, key, ifMatch(request), actorOf(request));
      return reply.status(204).send();
    },
  );

  app.post(
    '/environments/:env/flags/:key/rollout',
    {
      config: adminRoute({
        tag: 'flags',
        summary: "Set a boolean flag's percentage (0-100, up to 3 decimals); users who were in stay in",
        body: rolloutBodySchema,
        response: flagSchema,
      }),
    },
    async (request, reply) => {
      const { env, key } = envKeyParams(request);
      assertEnvironmentAccess(request, env);
      const { percentage } = parseOrThrow(rolloutBodySchema, request.body, 'rollout');
      const result = await flags.ramp(env, key, percentage, ifMatch(request), actorOf(request));
      reply.header('etag', etag(result.flag.version));
      return result.flag;
    },
  );

  for (const [action, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    app.post(
      `/environments/:env/flags/:key/${action}`,
      {
        config: adminRoute({
          tag: 'flags',
          summary: enabled
            ? 'Turn a flag on (serve its rules and rollout)'
            : 'Kill switch: serve the off variant to everyone',
          response: flagSchema,
        }),
      },
      async (request, reply) => {
        const { env, key } = envKeyParams(request);
        assertEnvironmentAccess(request, env);
        const result = await flags.setEnabled(env, key, enabled, ifMatch(request), actorOf(request));
        reply.header('etag', etag(result.flag.version));
        return result.flag;
      },
    );
  }

  app.get(
    '/environments/:env/flags/:key/history',
    { config: adminRoute({ tag: 'flags', summary: 'Every version of a flag, newest first' }) },
    async (request): Promise<FlagHistory> => {
      const { env, key } = envKeyParams(request);
      assertEnvironmentAccess(request, env);
      const versions = await store.flagHistory(env, key);
      if (versions.length === 0) throw new ApiError('SY_ERR_FLAG_NOT_FOUND', `No flag "${key}" in "${env}"`);
      return { versions };
    },
  );

  app.post(
    '/environments/:env/flags/:key/restore',
    {
      config: adminRoute({
        tag: 'flags',
        summary: 'Write an earlier version again as the newest one',
        body: restoreBodySchema,
        response: flagSchema,
      }),
    },
    async (request, reply) => {
      const { env, key } = envKeyParams(request);
      assertEnvironmentAccess(request, env);
      const { version } = parseOrThrow(restoreBodySchema, request.body, 'restore');
      const result = await flags.restore(env, key, version, ifMatch(request), actorOf(request));
      reply.header('etag', etag(result.flag.version));
      return result.flag;
    },
  );
}
