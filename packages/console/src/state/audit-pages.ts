import type { AuditEntry } from '@switchyard/shared';

/** The audit entries loaded so far, newest first, and the cursor of the next older page (null at the end). */
export interface AuditPages {
  entries: readonly AuditEntry[];
  next: string | null;
}

/**
 * A fresh newest page put in front of the pages already loaded. When it does not reach the entries
 * already there (more changes than a page since the last look), the older pages are dropped rather
 * than shown with a gap.
 */
export function withNewest(loaded: AuditPages | undefined, newest: AuditPages): AuditPages {
  const oldest = newest.entries.at(-1);
  if (loaded === undefined || oldest === undefined || newest.next === null) return newest;
  const overlap = loaded.entries.findIndex((entry) => entry.id === oldest.id);
  if (overlap < 0) return newest;
  return { entries: [...newest.entries, ...loaded.entries.slice(overlap + 1)], next: loaded.next };
}

/** An older page added after the pages already loaded (entries already there are not repeated). */
export function withOlder(loaded: AuditPages, older: AuditPages): AuditPages {
  const seen = new Set(loaded.entries.map((entry) => entry.id));
  return {
    entries: [...loaded.entries, ...older.entries.filter((entry) => !seen.has(entry.id))],
    next: older.next,
  };
}
