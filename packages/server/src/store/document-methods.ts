import type { FlagStore } from './types.js';

/** The store's methods over flags and segments, the versioned documents. */
export type DocumentMethods = Pick<
  FlagStore,
  | 'listFlags'
  | 'getFlag'
  | 'flagHistory'
  | 'compareAndSetFlag'
  | 'listSegments'
  | 'getSegment'
  | 'compareAndSetSegment'
  | 'getRuleset'
>;

/** Wraps a store method (refuse once closed, wait for replicas, ...) without changing its signature. */
export type MethodWrapper = <A extends unknown[], R>(
  method: (...args: A) => Promise<R>,
) => (...args: A) => Promise<R>;

/** A backend's document methods as the store exposes them: reads through `read`, writes through `write`. */
export function documentMethods(
  documents: DocumentMethods,
  read: MethodWrapper,
  write: MethodWrapper,
): DocumentMethods {
  return {
    listFlags: read(documents.listFlags),
    getFlag: read(documents.getFlag),
    flagHistory: read(documents.flagHistory),
    compareAndSetFlag: write(documents.compareAndSetFlag),
    listSegments: read(documents.listSegments),
    getSegment: read(documents.getSegment),
    compareAndSetSegment: write(documents.compareAndSetSegment),
    getRuleset: read(documents.getRuleset),
  };
}
