import {
  type Flag,
  type FlagHistory,
  type FlagList,
  flagEverywhereSchema,
  flagInputSchema,
  flagSchema,
  percentageOf,
  percentageSchema,
} from '@switchyard/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ApiError, parseOrThrow } from '../../../errors.js';
import { requireEnvironment } from '../../../services/environments.js';
import { createFlagEverywhere } from '../../../services/flag-everywhere.js';
import type { FlagWrite } from '../../../services/flags.js';
import type { Precondition } from '../../../services/versioned-write.js';
import type { Actor } from '../../../store/types.js';
import { actorOf, assertEnvironmentAccess, assertGlobalAdmin, flagInReach } from '../../auth.js';
import type { AppContext } from '../../context.js';
import { envParam, etag, ifMatch } from '../../request-parts.js';
import { adminRoute, adminWriteRoute } from '../../route-config.js';
import { versionedDocumentRoutes } from './versioned-document-routes.js';

export const rolloutBodySchema = z.strictObject({ percentage: percentageSchema });

export const restoreBodySchema = z.strictObject({ version: z.number().int().min(1) });

/** What one flag action does once the route has read the URL, the precondition and the actor. */
interface FlagAction {
  summary: string;
  body?: z.ZodType;
  run(
    request: FastifyRequest,
    target: { env: string; key: string; precondition: Precondition; actor: Actor },
  ): Promise<FlagWrite>;
}

/** Flags CRUD, ramp, kill switch, history and restore under /environments/:env/flags. */
export function flagRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { store, flags } = ctx;

  const listed = async (env: string, archived: boolean): Promise<FlagList> => ({
    flags: (await store.listFlags(env))
      .filter((flag) => (flag.archived ?? false) === archived)
      .map((flag) => ({ ...flag, percentage: percentageOf(flag) })),
  });

  versionedDocumentRoutes<Flag>(app, store, {
    collection: 'flags',
    noun: 'flag',
    notFound: 'SY_ERR_FLAG_NOT_FOUND',
    inputSchema: flagInputSchema,
    documentSchema: flagSchema,
    summaries: {
      list: "List the flags of an environment (archived ones apart), with each boolean flag's percentage",
      get: 'Get a flag; ETag is its version',
      put: 'Create or replace a flag (If-Match: "<version>" to guard against lost updates)',
      remove: 'Delete a flag (its history is kept)',
    },
    list: (env) => listed(env, false),
    get: (env, key) => store.getFlag(env, key),
    put: async (env, key, body, precondition, actor) => {
      const { flag, created } = await flags.put(env, key, body, precondition, actor);
      return { document: flag, created };
    },
    remove: (env, key, precondition, actor) => flags.remove(env, key, precondition, actor),
  });

  app.post(
    '/environments/:env/flags',
    {
      config: adminWriteRoute({
        tag: 'flags',
        summary:
          'Create a flag once for every environment: as given in :env, and off (same type, variants, off variant, description and tags; no targets or rules) in every other one; 409 when :env has it already',
        body: flagInputSchema,
        response: flagEverywhereSchema,
      }),
    },
    async (request, reply) => {
      const env = envParam(request);
      assertEnvironmentAccess(request, env);
      assertGlobalAdmin(request);
      const created = await createFlagEverywhere(store, flags, env, request.body, actorOf(request));
      reply.header('etag', etag(created.flag.version)).status(201);
      return created;
    },
  );

  /** POST /environments/:env/flags/:key/<name>: one versioned change, answered with the flag and its ETag. */
  const action = (name: string, { summary, body, run }: FlagAction) =>
    app.post(
      `/environments/:env/flags/:key/${name}`,
      { config: adminWriteRoute({ tag: 'flags', summary, body, response: flagSchema }) },
      async (request, reply) => {
        const { env, key } = flagInReach(request);
        const result = await run(request, {
          env,
          key,
          precondition: ifMatch(request),
          actor: actorOf(request),
        });
        reply.header('etag', etag(result.flag.version));
        return result.flag;
      },
    );

  action('rollout', {
    summary: "Set a boolean flag's percentage (0-100, up to 3 decimals); users who were in stay in",
    body: rolloutBodySchema,
    run: (request, { env, key, precondition, actor }) => {
      const { percentage } = parseOrThrow(rolloutBodySchema, request.body, 'rollout');
      return flags.ramp(env, key, percentage, precondition, actor);
    },
  });
  action('enable', {
    summary: 'Turn a flag on (serve its rules and rollout)',
    run: (_, { env, key, precondition, actor }) => flags.setEnabled(env, key, true, precondition, actor),
  });
  action('disable', {
    summary: 'Kill switch: serve the off variant to everyone',
    run: (_, { env, key, precondition, actor }) => flags.setEnabled(env, key, false, precondition, actor),
  });
  action('restore', {
    summary: 'Write an earlier version again as the newest one',
    body: restoreBodySchema,
    run: (request, { env, key, precondition, actor }) => {
      const { version } = parseOrThrow(restoreBodySchema, request.body, 'restore');
      return flags.restore(env, key, version, precondition, actor);
    },
  });

  action('archive', {
    summary:
      'Archive a flag: it leaves every SDK ruleset, keeps its history and audit, and can be unarchived (409 while other flags name it as a prerequisite)',
    run: (_, { env, key, precondition, actor }) => flags.archive(env, key, precondition, actor),
  });
  action('unarchive', {
    summary: 'Bring an archived flag back as it was when archived',
    run: (_, { env, key, precondition, actor }) => flags.unarchive(env, key, precondition, actor),
  });

  app.get(
    '/environments/:env/archived-flags',
    { config: adminRoute({ tag: 'flags', summary: 'List the archived flags of an environment' }) },
    async (request): Promise<FlagList> => {
      const env = envParam(request);
      assertEnvironmentAccess(request, env);
      await requireEnvironment(store, env);
      return listed(env, true);
    },
  );

  app.get(
    '/environments/:env/flags/:key/history',
    { config: adminRoute({ tag: 'flags', summary: 'Every version of a flag, newest first' }) },
    async (request): Promise<FlagHistory> => {
      const { env, key } = flagInReach(request);
      const versions = await store.flagHistory(env, key);
      if (versions.length === 0) throw new ApiError('SY_ERR_FLAG_NOT_FOUND', `No flag "${key}" in "${env}"`);
      return { versions };
    },
  );
}
