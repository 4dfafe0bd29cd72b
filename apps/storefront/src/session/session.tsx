import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ApiClient } from '../api/client';
import type { AccessToken, RefreshedToken } from '../api/types';
import { createRefresher, isFresh } from './refresh';
import { sessionStore, type Session } from './session-store';

interface SessionContext {
  session: Session | undefined;
  /** The last session ended because the API refused its token (not by logging out). */
  expired: boolean;
  api: ApiClient;
  logIn(token: AccessToken): void;
  logOut(): void;
}

/** Query keys holding the shopper's own data, dropped when the session ends. */
const USER_DATA = new Set(['cart', 'orders', 'order']);

const Context = createContext<SessionContext | undefined>(undefined);

/**
 * Who is shopping, and the API client that speaks for them. The access token is refreshed before
 * it expires (and once more if the API refuses it anyway); when the refresh token is refused too
 * (revoked by a logout elsewhere, reused, or expired) the session ends and the shopper is sent to
 * log in, back to the same page afterwards; the cart lives on the server, so it is all still there.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState(() => sessionStore.load());
  const [expired, setExpired] = useState(false);
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();

  const end = useCallback(() => {
    sessionStore.clear();
    setSession(undefined);
    queryClient.removeQueries({ predicate: (query) => USER_DATA.has(String(query.queryKey[0])) });
  }, [queryClient]);

  const [api] = useState(() => {
    const anonymous = new ApiClient({ token: () => undefined });
    const refresh = createRefresher({
      store: sessionStore,
      exchange: async (refreshToken) => (await anonymous.request<RefreshedToken>('/auth/refresh', { method: 'POST', body: { refreshToken } })).body,
      locks: typeof navigator !== 'undefined' ? navigator.locks : undefined,
      onRefreshed: setSession,
    });
    return new ApiClient({
      token: async () => {
        const session = sessionStore.load();
        if (!isFresh(session)) await refresh(session?.accessToken).catch(() => false);
        return sessionStore.load()?.accessToken;
      },
      refresh: () => refresh(),
    });
  });
  // A refused token ends the session; log in again and come back to this page.
  useEffect(
    () =>
      api.onUnauthenticated(() => {
        const hadSession = session !== undefined;
        end();
        if (hadSession) setExpired(true);
        if (location.pathname === '/login') return;
        const next = location.pathname + location.search;
        void navigate(`/login?next=${encodeURIComponent(next)}${hadSession ? '&expired=1' : ''}`, { replace: true });
      }),
    [api, session, end, location, navigate],
  );

  // Another tab logged in or out.
  useEffect(() => {
    const onStorage = () => setSession(sessionStore.load());
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  const value = useMemo<SessionContext>(
    () => ({
      session,
      expired,
      api,
      logIn: (token) => {
        setExpired(false);
        setSession(sessionStore.save(token));
      },
      logOut: () => {
        setExpired(false);
        const refreshToken = sessionStore.load()?.refreshToken;
        // Revoke the session at the server too; best effort (it would expire on its own).
        if (refreshToken) void api.request('/auth/logout', { method: 'POST', body: { refreshToken } }).catch(() => undefined);
        end();
      },
    }),
    [session, expired, api, end],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useSession(): SessionContext {
  const context = useContext(Context);
  if (!context) throw new Error('useSession outside SessionProvider');
  return context;
}
