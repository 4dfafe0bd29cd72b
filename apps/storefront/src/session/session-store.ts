import type { AccessToken, RefreshedToken, User } from '../api/types';

export interface Session {
  accessToken: string;
  /** Epoch ms; the gateway refuses the token after it, so the session refreshes it before then. */
  expiresAt: number | undefined;
  /** Single use: exchanged at /auth/refresh for the next access token and the next refresh token. */
  refreshToken: string | undefined;
  refreshExpiresAt: number | undefined;
  user: User;
}

const KEY = 'shop.session';

/**
 * The session in localStorage, so it survives a reload and is shared by the shopper's tabs. The
 * strict Content-Security-Policy (no inline or foreign scripts) is what keeps other code from it.
 * A session lasts while its refresh token does: an expired access token is refreshed, not lost.
 */
export const sessionStore = {
  load(now: number = Date.now()): Session | undefined {
    try {
      const session = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Session | null;
      if (!session?.accessToken || !session.user) return undefined;
      const lastsUntil = session.refreshToken ? session.refreshExpiresAt : session.expiresAt;
      if (lastsUntil !== undefined && lastsUntil <= now) return undefined;
      return session;
    } catch {
      return undefined;
    }
  },
  save(token: AccessToken | RefreshedToken): Session {
    const time = (value: string | null | undefined) => (value ? Date.parse(value) : undefined);
    const session: Session = {
      accessToken: token.accessToken,
      expiresAt: time(token.expiresAt),
      refreshToken: token.refreshToken,
      refreshExpiresAt: time(token.refreshExpiresAt),
      user: token.user,
    };
    localStorage.setItem(KEY, JSON.stringify(session));
    return session;
  },
  clear(): void {
    localStorage.removeItem(KEY);
  },
};

const DEVICE_KEY = 'shop.device';

/**
 * The device token of this browser's last login (it outlives logging out): sent with the next
 * login, it lets the shopper past the wait that strangers' failed attempts put on the account.
 */
export const deviceStore = {
  load(): string | undefined {
    return localStorage.getItem(DEVICE_KEY) ?? undefined;
  },
  save(token: string | undefined): void {
    if (token) localStorage.setItem(DEVICE_KEY, token);
  },
};
