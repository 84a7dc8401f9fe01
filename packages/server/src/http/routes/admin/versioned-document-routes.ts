import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { ApiError, type ErrorCode } from '../../../errors.js';
import { requireEnvironment } from '../../../services/environments.js';
import type { Precondition } from '../../../services/versioned-write.js';
import type { Actor, FlagStore } from '../../../store/types.js';
import { actorOf, assertEnvironmentAccess, flagInReach } from '../../auth.js';
import { envParam, etag, ifMatch } from '../../request-parts.js';
import { adminRoute, adminWriteRoute } from '../../route-config.js';

/** A kind of document kept per environment under a version: flags and segments. */
export interface VersionedDocumentKind<T extends { version: number }> {
  /** The URL segment and OpenAPI tag, e.g. `flags`. */
  collection: string;
  noun: string;
  notFound: ErrorCode;
  inputSchema: z.ZodType;
  documentSchema: z.ZodType;
  summaries: { list: string; get: string; put: string; remove: string };
  list(env: string): Promise<unknown>;
  get(env: string, key: string): Promise<T | undefined>;
  put(
    env: string,
    key: string,
    body: unknown,
    precondition: Precondition,
    actor: Actor,
  ): Promise<{ document: T; created: boolean }>;
  remove(env: string, key: string, precondition: Precondition, actor: Actor): Promise<void>;
}

/**
 * List, get (ETag is the version), put (If-Match / If-None-Match: *) and delete under
 * /environments/:env/<collection>, the same for every versioned document kind.
 */
export function versionedDocumentRoutes<T extends { version: number }>(
  app: FastifyInstance,
  store: FlagStore,
  kind: VersionedDocumentKind<T>,
): void {
  const { collection, summaries } = kind;
  const collectionPath = `/environments/:env/${collection}`;
  const documentPath = `${collectionPath}/:key`;

  app.get(
    collectionPath,
    { config: adminRoute({ tag: collection, summary: summaries.list }) },
    async (request) => {
      const env = envParam(request);
      assertEnvironmentAccess(request, env);
      await requireEnvironment(store, env);
      return kind.list(env);
    },
  );

  app.get(
    documentPath,
    { config: adminRoute({ tag: collection, summary: summaries.get, response: kind.documentSchema }) },
    async (request, reply) => {
      const { env, key } = flagInReach(request);
      const document = await kind.get(env, key);
      if (document === undefined) {
        await requireEnvironment(store, env);
        throw new ApiError(kind.notFound, `No ${kind.noun} "${key}" in "${env}"`);
      }
      reply.header('etag', etag(document.version));
      return document;
    },
  );

  app.put(
    documentPath,
    {
      config: adminWriteRoute({
        tag: collection,
        summary: summaries.put,
        body: kind.inputSchema,
        response: kind.documentSchema,
      }),
    },
    async (request, reply) => {
      const { env, key } = flagInReach(request);
      const result = await kind.put(env, key, request.body, ifMatch(request), actorOf(request));
      reply.header('etag', etag(result.document.version)).status(result.created ? 201 : 200);
      return result.document;
    },
  );

  app.delete(
    documentPath,
    { config: adminWriteRoute({ tag: collection, summary: summaries.remove }) },
    async (request, reply) => {
      const { env, key } = flagInReach(request);
      await kind.remove(env, key, ifMatch(request), actorOf(request));
      return reply.status(204).send();
    },
  );
}
