import type { Logger } from '@shop/logging';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLocalJWKSet, errors as joseErrors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';

/** No key set has been fetched yet (the user service has not answered since start-up). */
export class KeysUnavailableError extends Error {
  override readonly name = 'KeysUnavailableError';
}

export interface VerificationKeysOptions {
  /** The user service's JWK set document (GetVerificationKeys). */
  fetch(): Promise<string>;
  /**
   * Fetches made for a token whose kid is not held (or while no set is held) are at least this far
   * apart: a flood of tokens with made-up kids costs the user service one call per period.
   */
  missCooldownMs: number;
  logger: Logger;
}

/**
 * The user service's verification keys, cached: fetched at start-up and then periodically (a worker
 * calls refresh), and at once for a kid the cache does not hold (a rotation the periodic fetch has
 * not seen yet), within a bound. A failed fetch keeps the cached set, so tokens keep verifying
 * while the user service is down; a retired key stops verifying at the first fetch without it.
 */
export class VerificationKeys {
  private current: { getKey: JWTVerifyGetKey; kids: string[]; document: string } | undefined;
  private changes = 0;
  private lastMissFetchAt = -Infinity;
  private inFlight: Promise<void> | undefined;

  constructor(private readonly options: VerificationKeysOptions) {}

  /** The kids held now (empty before the first fetch). */
  get kids(): string[] {
    return this.current?.kids ?? [];
  }

  /** Counts the changes of the set's content: a verification made under an earlier count may no longer hold. */
  get version(): number {
    return this.changes;
  }

  /** Fetches the set and replaces the cached one; fails (keeping the cached set) when the fetch does. One fetch at a time. */
  refresh(): Promise<void> {
    this.inFlight ??= this.fetchSet().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** The key function for jose's jwtVerify. */
  readonly getKey: JWTVerifyGetKey = async (header, token) => {
    if (this.current) {
      try {
        return await this.current.getKey(header, token);
      } catch (error) {
        if (!(error instanceof joseErrors.JWKSNoMatchingKey)) throw error;
      }
    }
    const now = Date.now();
    if (now - this.lastMissFetchAt >= this.options.missCooldownMs) {
      this.lastMissFetchAt = now;
      await this.refresh().catch((error: unknown) => this.options.logger.warn({ err: error }, 'could not fetch the token verification keys'));
    }
    if (!this.current) throw new KeysUnavailableError('the token verification keys have not been fetched yet');
    return this.current.getKey(header, token);
  };

  private async fetchSet(): Promise<void> {
    const document = await this.options.fetch();
    const set = JSON.parse(document) as JSONWebKeySet;
    const kids = set.keys.map((key) => key.kid ?? '');
    const getKey = createLocalJWKSet(set); // validates the document's shape
    if (kids.join() !== this.kids.join()) this.options.logger.info({ kids }, 'token verification keys loaded');
    if (document !== this.current?.document) this.changes++;
    this.current = { getKey, kids, document };
  }
}

/**
 * Start-up: the user service may be starting too (locally they start at once), so the first fetch
 * is retried for a while. After that the gateway serves anyway: a gateway that cannot start is a
 * worse outage than signed-in routes answering 503 until the keys arrive.
 */
export async function fetchFirstKeys(keys: VerificationKeys, waitMs: number, logger: Logger): Promise<void> {
  const giveUpAt = Date.now() + waitMs;
  for (;;) {
    try {
      return await keys.refresh();
    } catch (error) {
      if (Date.now() >= giveUpAt) {
        logger.warn({ err: error, waitedMs: waitMs }, 'no token verification keys yet: signed-in routes answer 503 until the user service answers');
        return;
      }
      await sleep(200);
    }
  }
}
