import { AccessToken, Credentials, RefreshedToken, RefreshTokenBody, Registration, RegistrationAccepted, User, userJson } from '../schemas/auth';
import { timestampJson } from '../schemas/common';
import { defineRoute } from './route';

export const authRoutes = [
  defineRoute({
    method: 'post',
    path: '/auth/register',
    operationId: 'register',
    summary: 'Create an account',
    tag: 'auth',
    auth: false,
    limit: 'auth',
    budget: 'request',
    request: { body: Registration },
    responses: {
      202: {
        description: 'Accepted: the account exists now, whether this request created it or it existed already (the answer never tells which).',
        schema: RegistrationAccepted,
      },
    },
    errors: [],
    async handle({ body }, { users }) {
      await users.register({ email: body.email, password: body.password });
      return { status: 202, body: { email: body.email, detail: 'if this address had no account, it has one now: log in with it' } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/login',
    operationId: 'login',
    summary: 'Exchange email and password for an access token',
    tag: 'auth',
    auth: false,
    limit: 'auth',
    budget: 'request',
    request: { body: Credentials },
    responses: { 200: { description: 'A short-lived access token.', schema: AccessToken } },
    errors: ['unauthenticated'],
    async handle({ body, clientIp }, { users }) {
      // The user service limits failed logins per account and per address: it needs the real client.
      const login = await users.login({ email: body.email, password: body.password, clientIp, deviceToken: body.deviceToken ?? '' });
      return {
        status: 200,
        body: { ...sessionJson(login), deviceToken: login.deviceToken },
        // A token is a credential: no cache may keep it.
        headers: { 'Cache-Control': 'no-store' },
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/refresh',
    operationId: 'refresh',
    summary: 'Exchange a refresh token for a new access token (and the next refresh token)',
    tag: 'auth',
    auth: false,
    limit: 'auth',
    budget: 'request',
    request: { body: RefreshTokenBody },
    responses: { 200: { description: 'New tokens; the refresh token sent is used up.', schema: RefreshedToken } },
    errors: ['unauthenticated'],
    async handle({ body }, { users }) {
      const refreshed = await users.refresh({ refreshToken: body.refreshToken });
      return { status: 200, body: sessionJson(refreshed), headers: { 'Cache-Control': 'no-store' } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/logout',
    operationId: 'logout',
    summary: "End the refresh token's session",
    tag: 'auth',
    auth: false,
    limit: 'auth',
    budget: 'request',
    request: { body: RefreshTokenBody },
    responses: { 204: { description: 'The session can no longer be refreshed (its access tokens expire within minutes).' } },
    errors: [],
    async handle({ body }, { users }) {
      await users.logout({ refreshToken: body.refreshToken });
      return { status: 204 };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/me',
    operationId: 'getMe',
    summary: "The caller's account",
    tag: 'auth',
    auth: true,
    limit: 'address',
    budget: 'request',
    request: {},
    responses: { 200: { description: 'The account the access token was issued to.', schema: User } },
    errors: ['notFound'],
    async handle({ userId }, { users }) {
      const { user } = await users.getUser({ userId });
      return { status: 200, body: userJson(user) };
    },
  }),
];

/** The tokens of a login or a refresh, as the API answers them. */
function sessionJson(session: {
  accessToken: string;
  expiresAt?: Parameters<typeof timestampJson>[0];
  refreshToken: string;
  refreshExpiresAt?: Parameters<typeof timestampJson>[0];
  user?: Parameters<typeof userJson>[0];
}) {
  return {
    accessToken: session.accessToken,
    tokenType: 'Bearer' as const,
    expiresAt: timestampJson(session.expiresAt),
    refreshToken: session.refreshToken,
    refreshExpiresAt: timestampJson(session.refreshExpiresAt),
    user: userJson(session.user),
  };
}
