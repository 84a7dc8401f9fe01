import { useEffect, useState } from 'react';
import { type AuditPages, withNewest, withOlder } from './audit-pages.js';
import { useApi } from './session.js';
import { useResource } from './use-resource.js';
import { useWrite, type Write } from './use-write.js';

/** How many entries a page of history shows. */
export const AUDIT_PAGE_SIZE = 20;
/**
 * How often the newest page is read again while the page is visible: plan and trigger events (a
 * guarded rollout paused or aborted) change no flag version, so they would not show otherwise.
 */
export const AUDIT_POLL_MS = 5_000;

export interface AuditPaging {
  /** Undefined until the newest page is in. */
  pages: AuditPages | undefined;
  error: string | null;
  /** Loading an older page: busy, or why it failed. */
  older: Write['state'];
  showOlder(): void;
}

/**
 * A flag's audit entries a page at a time, newest first. The newest page is read again whenever the
 * flag's version changes and every few seconds, and older pages already shown stay.
 */
export function useAuditPages(environment: string, flag: string, version: number): AuditPaging {
  const api = useApi();
  const scope = `${environment}/${flag}`;
  const [loaded, setLoaded] = useState<{ scope: string; pages: AuditPages } | undefined>(undefined);
  const older = useWrite();
  const newest = useResource(async () => {
    const page = await api.auditPage({ environment, flag, limit: AUDIT_PAGE_SIZE });
    return { scope, pages: { entries: page.entries, next: page.next ?? null } };
  }, [api, scope, version]);

  const { reload } = newest;
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, AUDIT_POLL_MS);
    return () => clearInterval(timer);
  }, [reload]);

  useEffect(() => {
    const fresh = newest.data;
    if (fresh === undefined) return;
    setLoaded((before) =>
      before?.scope === fresh.scope
        ? { scope: fresh.scope, pages: withNewest(before.pages, fresh.pages) }
        : fresh,
    );
  }, [newest.data]);

  const pages = loaded?.scope === scope ? loaded.pages : undefined;
  const showOlder = () => {
    const cursor = pages?.next;
    if (cursor === undefined || cursor === null) return;
    void older
      .run(() => api.auditPage({ environment, flag, limit: AUDIT_PAGE_SIZE, cursor }))
      .then((page) => {
        if (page === undefined) return;
        setLoaded((before) =>
          before?.scope === scope
            ? { scope, pages: withOlder(before.pages, { entries: page.entries, next: page.next ?? null }) }
            : before,
        );
      });
  };
  return { pages, error: newest.error, older: older.state, showOlder };
}
