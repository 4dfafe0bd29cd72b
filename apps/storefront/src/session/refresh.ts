import { ApiError } from '../api/problems';
import type { RefreshedToken } from '../api/types';
import type { Session } from './session-store';

/** Refresh this long before the access token expires, so that no call is sent with a dying one. */
export const REFRESH_MARGIN_MS = 30_000;

/** The Web Locks lock every tab of this origin takes to refresh: one refresh at a time across tabs. */
export const REFRESH_LOCK = 'shop.session.refresh';

export function isFresh(session: Session | undefined, now = Date.now()): boolean {
  return session?.expiresAt === undefined || session.expiresAt - REFRESH_MARGIN_MS > now;
}

export interface RefresherOptions {
  /** The session as every tab sees it (localStorage). */
  store: { load(): Session | undefined; save(token: RefreshedToken): Session };
  /** POST /auth/refresh. */
  exchange(refreshToken: string): Promise<RefreshedToken>;
  /** navigator.locks where the browser has it. */
  locks?: Pick<LockManager, 'request'> | undefined;
  onRefreshed(session: Session): void;
}

/**
 * Refreshes the session, one refresh at a time: within this tab (concurrent calls share one) and
 * across the shopper's tabs (a Web Lock), so a refresh token is exchanged once, not once per tab.
 * A tab that waited for the lock finds the session another tab refreshed meanwhile and uses it.
 * (The user service also answers a repeat within a few seconds with the same successor, for
 * browsers without Web Locks and for retries; see apps/user/src/refresh-tokens.ts.)
 */
export function createRefresher(options: RefresherOptions): (staleAccessToken?: string) => Promise<boolean> {
  let inFlight: Promise<boolean> | undefined;
  const exclusive = async (work: () => Promise<boolean>): Promise<boolean> => (options.locks ? await options.locks.request(REFRESH_LOCK, work) : work());
  const refresh = (stale: string | undefined): Promise<boolean> =>
    exclusive(async () => {
      const current = options.store.load();
      if (!current?.refreshToken) return false;
      if (current.accessToken !== stale && isFresh(current)) {
        options.onRefreshed(current); // another tab refreshed since this one found its token stale
        return true;
      }
      try {
        const session = options.store.save(await options.exchange(current.refreshToken));
        options.onRefreshed(session);
        return true;
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 401)) throw error; // an outage, not a verdict: the session stays
        // Refused: the session is over, unless another tab (without the lock) refreshed it first.
        const now = options.store.load();
        return isFresh(now) && now?.refreshToken !== current.refreshToken;
      }
    });
  /** `staleAccessToken`: the token the caller found expiring or refused (by default, the one stored now). */
  return (staleAccessToken = options.store.load()?.accessToken) =>
    (inFlight ??= refresh(staleAccessToken).finally(() => {
      inFlight = undefined;
    }));
}
