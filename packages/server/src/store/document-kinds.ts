import { type Flag, flagSchema, type Segment, segmentSchema } from '@switchyard/shared';
import type { z } from 'zod';
import type { StoreChange } from './types.js';

/** What the stores need to know about each kind of versioned document to write it the same way. */
export interface DocumentKind<T extends { key: string; version: number }> {
  kind: 'flag' | 'segment';
  schema: z.ZodType<T>;
  /** Whether every stored version is kept for `flagHistory`. */
  keepsHistory: boolean;
  change(environment: string, revision: number, key: string, data: T | null): StoreChange;
}

export const FLAG_KIND: DocumentKind<Flag> = {
  kind: 'flag',
  schema: flagSchema,
  keepsHistory: true,
  change: (environment, revision, key, data) => ({ environment, revision, kind: 'flag', key, data }),
};

export const SEGMENT_KIND: DocumentKind<Segment> = {
  kind: 'segment',
  schema: segmentSchema,
  keepsHistory: false,
  change: (environment, revision, key, data) => ({ environment, revision, kind: 'segment', key, data }),
};

/**
 * Validates a document before it is stored, so that nothing the store cannot read back ever reaches
 * disk or Redis. Returns a private copy the caller can no longer mutate.
 */
export function checkedDocument<T extends { key: string; version: number }>(
  kind: DocumentKind<T>,
  key: string,
  next: T,
): T {
  const result = kind.schema.safeParse(next);
  if (!result.success)
    throw new Error(`refusing to store an invalid ${kind.kind} "${key}": ${result.error.message}`);
  if (result.data.key !== key) {
    throw new Error(`refusing to store ${kind.kind} "${result.data.key}" under the key "${key}"`);
  }
  return structuredClone(result.data);
}

/** Whether `current` is what a compare-and-set expecting `expectedVersion` may replace. */
export function versionMatches(
  current: { version: number } | undefined,
  expectedVersion: number | null,
): boolean {
  return expectedVersion === null ? current === undefined : current?.version === expectedVersion;
}
