import { parseRequest, toTimestamp, type UnaryHandlers } from '@shop/rpc';
import type { User as UserMessage } from '@shop/rpc/generated/shop/user/v1/User';
import type { UserServiceDefinition } from '@shop/rpc/generated/shop/user/v1/UserService';
import type { JSONWebKeySet } from 'jose';
import { z } from 'zod';
import type { Accounts, Session, User } from './accounts';
import { rateLimitAddress } from '@shop/ratelimit';
import { passwordLength, passwordPolicyViolation, PASSWORD_MAX_LENGTH } from './passwords';

/*
 * The gRPC face of Accounts: validate and normalise each request (zod), call the domain, map the
 * result to the proto. Validation messages name the field and the rule, never the value: the
 * values here include passwords.
 */

/** RFC 5321 caps a forward path at 256 octets including the angle brackets. */
const EMAIL_MAX_LENGTH = 254;

const email = z
  .string()
  .trim()
  .min(1, 'is required')
  .pipe(
    z
      .email({ error: 'is not a valid email address' })
      .max(EMAIL_MAX_LENGTH, `must be at most ${EMAIL_MAX_LENGTH} characters`),
  )
  .transform(normaliseEmail);

const newPassword = z.string().superRefine((password, context) => {
  const violation = passwordPolicyViolation(password);
  if (violation) context.addIssue({ code: 'custom', message: violation });
});

const givenPassword = z
  .string()
  .min(1, 'is required')
  // No account has a longer one; refusing it early also bounds the work an attacker can ask for.
  .refine((password) => passwordLength(password) <= PASSWORD_MAX_LENGTH, {
    message: `must be at most ${PASSWORD_MAX_LENGTH} characters`,
  });

const clientAddress = z
  .string()
  .trim()
  .min(1, 'is required (the end client address, for per-address rate limiting)')
  .transform((ip, context) => {
    const key = rateLimitAddress(ip);
    if (key === undefined) context.addIssue({ code: 'custom', message: 'is not an IP address' });
    return key ?? z.NEVER;
  });

const registerRequest = z.object({ email, password: newPassword });
const loginRequest = z.object({
  email,
  password: givenPassword,
  clientIp: clientAddress,
  // Opaque here; Accounts checks it. Bounded so a caller cannot make us parse megabytes.
  deviceToken: z.string().max(2048, 'must be at most 2048 characters'),
});
const refreshTokenRequest = z.object({ refreshToken: z.string().min(1, 'is required').max(256, 'must be at most 256 characters') });
const getUserRequest = z.object({
  userId: z
    .string()
    .min(1, 'is required')
    .pipe(z.uuid({ error: 'is not a UUID' }))
    .transform((id) => id.toLowerCase()),
});

export function userServiceHandlers(accounts: Accounts, verificationKeys: JSONWebKeySet): UnaryHandlers<UserServiceDefinition> {
  const jwks = JSON.stringify(verificationKeys);
  return {
    async Register(request) {
      const { email, password } = parseRequest(registerRequest, request, 'RegisterRequest');
      await accounts.register(email, password);
      return {};
    },

    async Login(request) {
      const { email, password, clientIp, deviceToken } = parseRequest(loginRequest, request, 'LoginRequest');
      const session = await accounts.login(email, password, clientIp, deviceToken);
      return { ...sessionMessage(session), deviceToken: session.deviceToken };
    },

    async Refresh(request) {
      const { refreshToken } = parseRequest(refreshTokenRequest, request, 'RefreshRequest');
      return sessionMessage(await accounts.refresh(refreshToken));
    },

    async Logout(request) {
      const { refreshToken } = parseRequest(refreshTokenRequest, request, 'LogoutRequest');
      await accounts.logout(refreshToken);
      return {};
    },

    async GetUser(request) {
      const { userId } = parseRequest(getUserRequest, request, 'GetUserRequest');
      return { user: toMessage(await accounts.getUser(userId)) };
    },

    GetVerificationKeys() {
      return Promise.resolve({ jwks });
    },
  };
}

/**
 * Addresses are trimmed and their domain lower-cased (domains are case-insensitive); the local
 * part keeps its case, as the user typed it (uniqueness ignores case anyway).
 */
function normaliseEmail(address: string): string {
  const at = address.lastIndexOf('@');
  return address.slice(0, at) + address.slice(at).toLowerCase();
}

function toMessage(user: User): UserMessage {
  return { id: user.id, email: user.email, createdAt: toTimestamp(user.createdAt) };
}

function sessionMessage(session: Session) {
  return {
    accessToken: session.accessToken.token,
    expiresAt: toTimestamp(session.accessToken.expiresAt),
    refreshToken: session.refreshToken.token,
    refreshExpiresAt: toTimestamp(session.refreshToken.expiresAt),
    user: toMessage(session.user),
  };
}
