import { NotFoundError, UnauthenticatedError } from '@shop/rpc';
import type { Logger } from '@shop/logging';
import { randomBytes, randomUUID } from 'node:crypto';
import type { HashingSlots } from './hashing-slots';
import type { LoginThrottle } from './login-throttle';
import { hashPassword, needsRehash, verifyPassword, type ScryptParams } from './passwords';
import type { RefreshToken, RefreshTokens } from './refresh-tokens';
import type { RegistrationRate } from './registration-rate';
import type { AccessToken, AccessTokenIssuer, DeviceTokens } from './tokens';
import type { UsersRepository } from './users-repository';

/** An account as the domain sees it. The hash never leaves this service. */
export interface UserRecord {
  id: string;
  email: string;
  passwordHash: string;
  createdAt: Date;
}

/** An account's public profile: everything but the hash. */
export interface User {
  id: string;
  email: string;
  createdAt: Date;
}

export interface Session {
  user: User;
  accessToken: AccessToken;
  /** Single use: exchanged by refresh() for the next access token and the next refresh token. */
  refreshToken: RefreshToken;
}

export interface LoginResult extends Session {
  /** Shown at the next login, it lets this client past delays that others' failures caused. */
  deviceToken: string;
}

/** One message for "no such email" and "wrong password", so callers cannot probe for accounts. */
const LOGIN_FAILED = 'email or password is incorrect';

export interface AccountsDeps {
  users: UsersRepository;
  tokens: AccessTokenIssuer;
  refreshTokens: RefreshTokens;
  devices: DeviceTokens;
  throttle: LoginThrottle;
  registrations: RegistrationRate;
  hashing: HashingSlots;
  hashParams: ScryptParams;
  logger: Logger;
}

/** Accounts: registration, login and profiles. Inputs arrive validated and normalised (handlers.ts). */
export class Accounts {
  private constructor(
    private readonly deps: AccountsDeps,
    /** Verified against when the email is unknown, so both failures cost one scrypt run. */
    private readonly dummyHash: string,
  ) {}

  static async create(deps: AccountsDeps): Promise<Accounts> {
    return new Accounts(deps, await hashPassword(randomBytes(16).toString('hex'), deps.hashParams));
  }

  /**
   * Creates the account unless the email is taken, and answers the same either way, after the
   * same work (a hash, an insert): register cannot tell anyone which emails have accounts. A
   * real shop would also mail the address: a confirmation link for a new account, a "someone
   * tried to sign up with your address" note to an existing owner.
   */
  async register(email: string, password: string): Promise<void> {
    await this.deps.registrations.take();
    const passwordHash = await this.deps.hashing.run(() => hashPassword(password, this.deps.hashParams));
    const created = await this.deps.users.insert({ id: randomUUID(), email, passwordHash });
    if (!created) this.deps.logger.info('registration for an address that has an account: answered as a new one');
  }

  async login(email: string, password: string, clientIp: string, deviceToken: string): Promise<LoginResult> {
    const { users, throttle, devices, hashing, tokens } = this.deps;
    const user = await users.findByEmail(email);
    const knownDevice = user !== undefined && (await devices.userIdOf(deviceToken)) === user.id;
    const attempt = { accountKey: email.toLowerCase(), clientIp, knownDevice };
    await throttle.check(attempt);

    const matches = await hashing.run(() => verifyPassword(password, user?.passwordHash ?? this.dummyHash));
    if (!user || !matches) {
      await throttle.failed(attempt);
      throw new UnauthenticatedError(LOGIN_FAILED);
    }

    await throttle.succeeded(attempt);
    await this.upgradeHash(user, password);
    return {
      user: profile(user),
      accessToken: await tokens.issue(user.id),
      refreshToken: await this.deps.refreshTokens.issue(user.id),
      deviceToken: await devices.issue(user.id),
    };
  }

  /** The next access token for a refresh token, which is used up (see RefreshTokens). */
  async refresh(refreshToken: string): Promise<Session> {
    const { userId, next } = await this.deps.refreshTokens.rotate(refreshToken);
    return { user: await this.getUser(userId), accessToken: await this.deps.tokens.issue(userId), refreshToken: next };
  }

  /** Ends the session the refresh token belongs to. */
  async logout(refreshToken: string): Promise<void> {
    await this.deps.refreshTokens.revoke(refreshToken);
  }

  async getUser(id: string): Promise<User> {
    const user = await this.deps.users.findById(id);
    if (!user) throw new NotFoundError(`no user ${id}`);
    return profile(user);
  }

  /**
   * Re-hashes with the current cost when the stored hash is older: the login is the only moment
   * the plain password is at hand. Best effort: failing to upgrade must not fail the login.
   */
  private async upgradeHash(user: UserRecord, password: string): Promise<void> {
    const { hashParams, users, logger, hashing } = this.deps;
    if (!needsRehash(user.passwordHash, hashParams)) return;
    try {
      await users.replacePasswordHash(user.id, user.passwordHash, await hashing.run(() => hashPassword(password, hashParams)));
      logger.info({ userId: user.id, ln: hashParams.ln }, 'password hash upgraded');
    } catch (error) {
      logger.warn({ err: error, userId: user.id }, 'could not upgrade the password hash');
    }
  }
}

function profile(user: UserRecord): User {
  return { id: user.id, email: user.email, createdAt: user.createdAt };
}
