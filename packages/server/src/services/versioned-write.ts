import { ApiError, type ErrorCode } from '../errors.js';
import type { AuditInput, WriteResult } from '../store/types.js';

/** What a caller expects: a version (If-Match), no document at all (If-None-Match: *), or anything. */
export type Precondition = number | 'absent' | undefined;

interface Versioned {
  version: number;
}

export interface VersionedWrite<T extends Versioned> {
  read(): Promise<T | undefined>;
  /** Last version ever stored under this key (kept after a delete), so versions never repeat. */
  lastVersion(): Promise<number>;
  compareAndSet(expected: number | null, next: T | null, audit: AuditInput): Promise<WriteResult<T>>;
  notFound: ErrorCode;
}

/** What a change computes from the current document: the next one, null to delete, or undefined for no change. */
export type Change<T> = (current: T | undefined) => Omit<T, 'version'> | null | undefined;

const MAX_ATTEMPTS = 20;

/**
 * Read, change, compare-and-set. With an If-Match version a stale read is a 409 carrying the current
 * version; without one the change is re-applied to the newer document, so no update is ever lost.
 */
export async function writeVersioned<T extends Versioned>(
  target: VersionedWrite<T>,
  precondition: Precondition,
  audit: AuditInput,
  change: Change<T>,
): Promise<{ value: T | null; previous: T | undefined; changed: boolean }> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await target.read();
    if (precondition === 'absent' && current !== undefined) {
      throw new ApiError('SY_ERR_ALREADY_EXISTS', `It exists already, at version ${current.version}`, {
        currentVersion: current.version,
      });
    }
    if (typeof precondition === 'number' && current?.version !== precondition) throw conflict(current);
    const next = change(current);
    if (next === undefined) return { value: current ?? null, previous: current, changed: false };
    if (next === null && current === undefined) throw new ApiError(target.notFound);
    // The current document is the newest version there is; only a re-created one needs the history.
    const version = (current !== undefined ? current.version : await target.lastVersion()) + 1;
    const document = next === null ? null : ({ ...next, version } as T);
    const result = await target.compareAndSet(current?.version ?? null, document, audit);
    if (result.ok) return { value: document, previous: current, changed: true };
    if (precondition === 'absent') throw new ApiError('SY_ERR_ALREADY_EXISTS', 'It was created meanwhile');
    if (precondition !== undefined) throw conflict(result.current);
  }
  throw new ApiError('SY_ERR_CONFLICT', 'The resource is changing too fast; try again');
}

function conflict(current: Versioned | undefined): ApiError {
  const currentVersion = current?.version ?? null;
  return new ApiError(
    'SY_ERR_CONFLICT',
    currentVersion === null
      ? 'The resource does not exist (any more)'
      : `The resource is at version ${currentVersion}; reload it and apply your change again`,
    { currentVersion },
    currentVersion === null ? undefined : { etag: `"${currentVersion}"` },
  );
}
