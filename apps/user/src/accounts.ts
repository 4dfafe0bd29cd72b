import { AlreadyExistsError, NotFoundError, UnauthenticatedError } from '@shop/rpc';
import type { Logger } from '@shop/logging';
import { randomBytes, randomUUID } from 'node:crypto';
import type { LoginLimiter } from './login-limiter';
import { hashPassword, needsRehash, verifyPassword, type ScryptParams } from './passwords';
import type { AccessToken, AccessTokenIssuer } from './tokens';
import type { UserRecord, UsersRepository } from './users-repository';

/** An account's public profile: everything but the hash. */
export interface User {
  id: string;
  email: string;
  createdAt: Date;
}

export interface LoginResult {
  user: User;
  accessToken: AccessToken;
}

/** One message for "no such email" and "wrong password", so callers cannot probe for accounts. */
const LOGIN_FAILED = 'email or password is incorrect';

/** Accounts: registration, login and profiles. Inputs arrive validated and normalised (handlers.ts). */
export class Accounts {
  private constructor(
    private readonly users: UsersRepository,
    private readonly tokens: AccessTokenIssuer,
    private readonly limiter: LoginLimiter,
    private readonly hashParams: ScryptParams,
    /** Verified against when the email is unknown, so both failures cost one scrypt run. */
    private readonly dummyHash: string,
    private readonly logger: Logger,
  ) {}

  static async create(deps: {
    users: UsersRepository;
    tokens: AccessTokenIssuer;
    limiter: LoginLimiter;
    hashParams: ScryptParams;
    logger: Logger;
  }): Promise<Accounts> {
    const dummyHash = await hashPassword(randomBytes(16).toString('hex'), deps.hashParams);
    return new Accounts(deps.users, deps.tokens, deps.limiter, deps.hashParams, dummyHash, deps.logger);
  }

  async register(email: string, password: string): Promise<User> {
    const passwordHash = await hashPassword(password, this.hashParams);
    const created = await this.users.insert({ id: randomUUID(), email, passwordHash });
    if (!created) throw new AlreadyExistsError('an account with this email already exists');
    return profile(created);
  }

  async login(email: string, password: string, clientIp: string): Promise<LoginResult> {
    const attempt = { accountKey: email.toLowerCase(), clientIp };
    await this.limiter.check(attempt);

    const user = await this.users.findByEmail(email);
    const matches = await verifyPassword(password, user?.passwordHash ?? this.dummyHash);
    if (!user || !matches) {
      await this.limiter.failed(attempt);
      throw new UnauthenticatedError(LOGIN_FAILED);
    }

    await this.limiter.succeeded(attempt);
    await this.upgradeHash(user, password);
    const account = profile(user);
    return { user: account, accessToken: await this.tokens.issue(account) };
  }

  async getUser(id: string): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFoundError(`no user ${id}`);
    return profile(user);
  }

  /**
   * Re-hashes with the current cost when the stored hash is older: the login is the only moment
   * the plain password is at hand. Best effort: failing to upgrade must not fail the login.
   */
  private async upgradeHash(user: UserRecord, password: string): Promise<void> {
    if (!needsRehash(user.passwordHash, this.hashParams)) return;
    try {
      await this.users.replacePasswordHash(user.id, user.passwordHash, await hashPassword(password, this.hashParams));
      this.logger.info({ userId: user.id, ln: this.hashParams.ln }, 'password hash upgraded');
    } catch (error) {
      this.logger.warn({ err: error, userId: user.id }, 'could not upgrade the password hash');
    }
  }
}

function profile(user: UserRecord): User {
  return { id: user.id, email: user.email, createdAt: user.createdAt };
}
