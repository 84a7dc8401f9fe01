import { segmentInputSchema, segmentSchema } from '@switchyard/shared';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { versionedDocumentRoutes } from './versioned-document-routes.js';

/** Segments CRUD under /environments/:env/segments. */
export function segmentRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { store, segments } = ctx;
  versionedDocumentRoutes(app, store, {
    collection: 'segments',
    noun: 'segment',
    notFound: 'SY_ERR_SEGMENT_NOT_FOUND',
    inputSchema: segmentInputSchema,
    documentSchema: segmentSchema,
    summaries: {
      list: 'List the segments of an environment',
      get: 'Get a segment',
      put: 'Create or replace a segment',
      remove: 'Delete a segment',
    },
    list: async (env) => ({ segments: await store.listSegments(env) }),
    get: (env, key) => store.getSegment(env, key),
    put: async (env, key, body, precondition, actor) => {
      const { segment, created } = await segments.put(env, key, body, precondition, actor);
      return { document: segment, created };
    },
    remove: (env, key, precondition, actor) => segments.remove(env, key, precondition, actor),
  });
}
