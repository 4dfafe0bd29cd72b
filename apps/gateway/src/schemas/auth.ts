import type { User__Output } from '@shop/rpc/generated/shop/user/v1/User';
import { z } from 'zod';
import { Timestamp, timestampJson } from './common';

// The user service owns the password policy and answers 400 with its reasons; the edge checks the
// lengths it enforces, so the document promises no more than the service accepts.
const Email = z.email().max(254).meta({ example: 'ada@example.com' });

/** The user service's password lengths (apps/user/src/passwords.ts), counted in characters as JSON Schema counts them. */
const PASSWORD_MIN_LENGTH = 10;
const PASSWORD_MAX_LENGTH = 128;

/** Length in Unicode code points: JSON Schema's minLength/maxLength count those, zod's min/max count UTF-16 units. */
const characters = (value: string) => [...value].length;

/**
 * The user service's "two kinds of character" (lowercase, uppercase, digits, anything else) as a
 * pattern: it refuses a password made only of ASCII lowercase letters, only of ASCII capitals, only
 * of digits or only of ASCII symbols and spaces. Each of those sets lies inside one of the service's
 * Unicode classes, so it never refuses a password the service takes (it lets through a few that
 * the service refuses, e.g. only accented lowercase letters). Documented only: the service decides.
 */
const TWO_KINDS_OF_CHARACTER = String.raw`^(?![a-z]*$)(?![A-Z]*$)(?![0-9]*$)(?![\x20-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]*$)`;

function password(minLength: number, description: string, pattern?: string) {
  return z
    .string()
    .refine((value) => characters(value) >= minLength, `must be at least ${minLength} characters`)
    .refine((value) => characters(value) <= PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`)
    .meta({ minLength, maxLength: PASSWORD_MAX_LENGTH, ...(pattern ? { pattern } : {}), description, example: 'correct horse battery 9' });
}

export const Registration = z
  .strictObject({
    email: Email,
    password: password(PASSWORD_MIN_LENGTH, 'Never logged. At least two kinds of character (lowercase, uppercase, digits, symbols).', TWO_KINDS_OF_CHARACTER),
  })
  .meta({ id: 'Registration' });

export const Credentials = z
  .strictObject({
    email: Email,
    password: password(1, 'Never logged.'),
    deviceToken: z
      .string()
      .max(2048)
      .optional()
      .meta({ description: "The deviceToken of this client's last login to the account, if any: it skips the wait that others' failed attempts put on the account." }),
  })
  .meta({ id: 'Credentials' });

export const RegistrationAccepted = z
  .object({ email: z.string(), detail: z.string() })
  .meta({ id: 'RegistrationAccepted', description: 'The same answer whether or not the email already had an account.' });

export const User = z
  .object({ id: z.uuid(), email: z.string(), createdAt: Timestamp.nullable() })
  .meta({ id: 'User', description: 'An account; never carries a password.' });

const SessionTokens = z.object({
  accessToken: z.string().meta({ description: 'Send as "Authorization: Bearer <accessToken>". Short-lived (minutes).' }),
  tokenType: z.literal('Bearer'),
  expiresAt: Timestamp.nullable(),
  refreshToken: z.string().meta({ description: 'Exchange it at /auth/refresh for the next access token, before or when this one expires. Single use: each refresh answers the next one.' }),
  refreshExpiresAt: Timestamp.nullable(),
  user: User,
});

export const AccessToken = SessionTokens.extend({
  deviceToken: z.string().meta({ description: 'Keep it on this client and send it with the next login (not a credential: the password is still needed).' }),
}).meta({ id: 'AccessToken' });

export const RefreshedToken = SessionTokens.meta({ id: 'RefreshedToken' });

export const RefreshTokenBody = z
  .strictObject({ refreshToken: z.string().min(1).max(256).meta({ description: 'The refreshToken of the last login or refresh. Never logged.' }) })
  .meta({ id: 'RefreshTokenBody' });

export function userJson(user: User__Output | null | undefined): z.infer<typeof User> {
  if (!user) throw new Error('the user service answered without a user');
  return { id: user.id, email: user.email, createdAt: timestampJson(user.createdAt) };
}
