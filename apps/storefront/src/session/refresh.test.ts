import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/problems';
import type { RefreshedToken } from '../api/types';
import { createRefresher } from './refresh';
import type { Session } from './session-store';

/*
 * Two tabs of one browser refreshing at once: they share localStorage (here one in-memory store)
 * and the origin's Web Locks (Node's own navigator.locks, the same API). The server side stands in
 * as strict single use: a token exchanged twice is refused, as a server without a reuse interval
 * would (and as it revokes the session).
 */

function browser() {
  let stored: Session | undefined;
  const store = {
    load: () => stored,
    save(token: RefreshedToken): Session {
      stored = { accessToken: token.accessToken, expiresAt: Date.parse(token.expiresAt!), refreshToken: token.refreshToken, refreshExpiresAt: undefined, user: token.user };
      return stored;
    },
  };
  let issued = 0;
  const spent = new Set<string>();
  const exchanges: string[] = [];
  const exchange = async (refreshToken: string): Promise<RefreshedToken> => {
    exchanges.push(refreshToken);
    await new Promise((resolve) => setTimeout(resolve, 20)); // the round trip: long enough for the tabs to overlap
    if (spent.has(refreshToken)) throw new ApiError(401, 'unauthenticated', { title: 'Unauthenticated' });
    spent.add(refreshToken);
    issued++;
    return {
      accessToken: `access-${issued}`,
      expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
      refreshToken: `refresh-${issued}`,
      user: { id: 'u-1', email: 'ada@example.com', createdAt: new Date().toISOString() },
    } as RefreshedToken;
  };
  store.save({ accessToken: 'access-0', expiresAt: new Date(Date.now() - 1000).toISOString(), refreshToken: 'refresh-0', user: { id: 'u-1', email: 'ada@example.com', createdAt: new Date().toISOString() } } as RefreshedToken);
  const tab = (locks: typeof navigator.locks | undefined) => {
    const seen: Session[] = [];
    return { refresh: createRefresher({ store, exchange, locks, onRefreshed: (session) => seen.push(session) }), seen };
  };
  return { store, exchanges, tab };
}

describe('refreshing the session', () => {
  it('exchanges the refresh token once when two tabs refresh at once, and both tabs carry on with the new session', async () => {
    const { store, exchanges, tab } = browser();
    const [first, second] = [tab(navigator.locks), tab(navigator.locks)];
    expect(await Promise.all([first.refresh(), second.refresh()])).toEqual([true, true]);
    expect(exchanges).toEqual(['refresh-0']);
    expect(store.load()?.refreshToken).toBe('refresh-1');
    expect([first.seen.at(-1)?.accessToken, second.seen.at(-1)?.accessToken]).toEqual(['access-1', 'access-1']);
  });

  it('does not exchange again for a tab that found its token stale just before another tab refreshed', async () => {
    const { exchanges, tab } = browser();
    const [first, second] = [tab(navigator.locks), tab(navigator.locks)];
    expect(await first.refresh('access-0')).toBe(true);
    expect(await second.refresh('access-0')).toBe(true);
    expect(exchanges).toEqual(['refresh-0']);
    expect(second.seen.at(-1)?.accessToken).toBe('access-1');
  });

  it('shares one refresh among the calls of one tab', async () => {
    const { exchanges, tab } = browser();
    const only = tab(navigator.locks);
    expect(await Promise.all([only.refresh(), only.refresh(), only.refresh()])).toEqual([true, true, true]);
    expect(exchanges).toHaveLength(1);
  });

  it('without Web Locks, two tabs exchange the same token twice: what the server’s reuse interval is for', async () => {
    const { exchanges, tab } = browser();
    const [first, second] = [tab(undefined), tab(undefined)];
    await Promise.all([first.refresh(), second.refresh()]);
    expect(exchanges).toEqual(['refresh-0', 'refresh-0']);
  });

  it('ends the session when the token is refused, and keeps it through an outage', async () => {
    const { store, tab } = browser();
    const locks = navigator.locks;
    const refused = createRefresher({ store, exchange: () => Promise.reject(new ApiError(401, 'unauthenticated', { title: 'Unauthenticated' })), locks, onRefreshed: () => undefined });
    expect(await refused()).toBe(false);
    const outage = createRefresher({ store, exchange: () => Promise.reject(new ApiError(503, 'unavailable', { title: 'Service Unavailable' })), locks, onRefreshed: () => undefined });
    await expect(outage()).rejects.toMatchObject({ status: 503 });
    expect(store.load()?.refreshToken).toBe('refresh-0');
    expect(await tab(locks).refresh()).toBe(true);
  });
});
