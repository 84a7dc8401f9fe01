import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { type AdminApi, createAdminApi } from '../api/admin-api.js';

/** The admin token lives in sessionStorage: it survives a reload, not the closing of the tab. */
const TOKEN_KEY = 'switchyard.adminToken';

export interface Session {
  /** The admin API with the signed-in token, or null when signed out. */
  api: AdminApi | null;
  /** Why the last session ended, when the server refused its token. */
  endedBecause: string | null;
  signIn(token: string): void;
  signOut(reason?: string): void;
}

const SessionContext = createContext<Session | null>(null);

function readToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(readToken);
  const [endedBecause, setEndedBecause] = useState<string | null>(null);

  const signIn = useCallback((next: string) => {
    sessionStorage.setItem(TOKEN_KEY, next);
    setEndedBecause(null);
    setToken(next);
  }, []);
  const signOut = useCallback((reason?: string) => {
    sessionStorage.removeItem(TOKEN_KEY);
    setEndedBecause(reason ?? null);
    setToken(null);
  }, []);

  const session = useMemo<Session>(
    () => ({ api: token === null ? null : createAdminApi(token), endedBecause, signIn, signOut }),
    [token, endedBecause, signIn, signOut],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === null) throw new Error('useSession needs a <SessionProvider>');
  return session;
}

/** The admin API of a signed-in page. */
export function useApi(): AdminApi {
  const { api } = useSession();
  if (api === null) throw new Error('useApi needs a signed-in session');
  return api;
}
