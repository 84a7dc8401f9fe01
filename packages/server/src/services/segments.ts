import { type Segment, segmentInputSchema } from '@switchyard/shared';
import { ApiError } from '../errors.js';
import type { Actor, FlagStore } from '../store/types.js';
import { parseDocumentBody } from './document-body.js';
import { requireEnvironment } from './environments.js';
import { type Precondition, type VersionedWrite, writeVersioned } from './versioned-write.js';

export interface SegmentService {
  put(
    env: string,
    key: string,
    body: unknown,
    precondition: Precondition,
    actor: Actor,
  ): Promise<SegmentWrite>;
  remove(env: string, key: string, precondition: Precondition, actor: Actor): Promise<void>;
}

export interface SegmentWrite {
  segment: Segment;
  created: boolean;
}

export function createSegmentService(store: FlagStore): SegmentService {
  const target = (env: string, key: string): VersionedWrite<Segment> => ({
    read: () => store.getSegment(env, key),
    // Segments keep no history; a re-created segment starts again at version 1.
    lastVersion: async () => 0,
    compareAndSet: (expected, next, audit) => store.compareAndSetSegment(env, key, expected, next, audit),
    notFound: 'SY_ERR_SEGMENT_NOT_FOUND',
  });

  return {
    async put(env, key, body, precondition, actor) {
      await requireEnvironment(store, env);
      const input = parseDocumentBody(segmentInputSchema, key, body, 'segment');
      const result = await writeVersioned(
        target(env, key),
        precondition,
        { actor, action: 'segment.put' },
        () => input,
      );
      return { segment: result.value as Segment, created: result.previous === undefined };
    },

    async remove(env, key, precondition, actor) {
      await requireEnvironment(store, env);
      await writeVersioned(target(env, key), precondition, { actor, action: 'segment.delete' }, (current) => {
        if (current === undefined) throw new ApiError('SY_ERR_SEGMENT_NOT_FOUND');
        return null;
      });
    },
  };
}
