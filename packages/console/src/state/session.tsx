import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react';
import { type AdminApi, createAdminApi } from '../api/admin-api.js';

/** The admin token lives in sessionStorage: it survives a reload, not the closing of the tab. */
const TOKEN_KEY = 'switchyard.adminToken';

export interface Session {
  /** The admin API with the signed-in token, or null when signed out. */
  api: AdminApi | null;
  /** The token now; it changes when a sign-in is renewed. */
  token: string | null;
  /** Why the last session ended, when the server refused its token. */
  endedBecause: string | null;
  /** Why the server refused the token just now, while "Sign in again" is asked for; else null. */
  renewal: string | null;
  signIn(token: string): void;
  signOut(reason?: string): void;
  /**
   * Asks for a new token without leaving the page (a 401 mid-action); resolves true once it is
   * signed in again, so the action can be retried, false when the person signed out instead.
   */
  renew(reason: string): Promise<boolean>;
  /** Ends a renewal: with the new token, or null to sign out. */
  finishRenewal(token: string | null): void;
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
  const [renewal, setRenewal] = useState<string | null>(null);
  const tokenRef = useRef(token);
  tokenRef.current = token;
  const waiting = useRef<((renewed: boolean) => void)[]>([]);

  const signIn = useCallback((next: string) => {
    sessionStorage.setItem(TOKEN_KEY, next);
    tokenRef.current = next;
    setEndedBecause(null);
    setToken(next);
  }, []);
  const signOut = useCallback((reason?: string) => {
    sessionStorage.removeItem(TOKEN_KEY);
    setEndedBecause(reason ?? null);
    setToken(null);
  }, []);
  const renew = useCallback((reason: string) => {
    setRenewal(reason);
    return new Promise<boolean>((resolve) => waiting.current.push(resolve));
  }, []);
  const finishRenewal = useCallback(
    (next: string | null) => {
      setRenewal(null);
      if (next === null) signOut('Signed out');
      else signIn(next);
      for (const resolve of waiting.current.splice(0)) resolve(next !== null);
    },
    [signIn, signOut],
  );

  // One API object per sign-in; it reads the token at each request, so a renewal reaches retries.
  const signedIn = token !== null;
  const api = useMemo(() => (signedIn ? createAdminApi(() => tokenRef.current ?? '') : null), [signedIn]);
  const session = useMemo<Session>(
    () => ({ api, token, endedBecause, renewal, signIn, signOut, renew, finishRenewal }),
    [api, token, endedBecause, renewal, signIn, signOut, renew, finishRenewal],
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
