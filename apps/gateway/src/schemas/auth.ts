import type { User__Output } from '@shop/rpc/generated/shop/user/v1/User';
import { z } from 'zod';
import { Timestamp, timestampJson } from './common';

// Lengths only: the user service owns the password policy and answers 400 with its reasons.
const Email = z.email().max(254).meta({ example: 'ada@example.com' });
const Password = z.string().min(1).max(1024).meta({ description: 'Never logged.', example: 'correct horse battery staple' });

export const Credentials = z.strictObject({ email: Email, password: Password }).meta({ id: 'Credentials' });

export const User = z
  .object({ id: z.uuid(), email: z.string(), createdAt: Timestamp.nullable() })
  .meta({ id: 'User', description: 'An account; never carries a password.' });

export const AccessToken = z
  .object({
    accessToken: z.string().meta({ description: 'Send as "Authorization: Bearer <accessToken>".' }),
    tokenType: z.literal('Bearer'),
    expiresAt: Timestamp.nullable(),
    user: User,
  })
  .meta({ id: 'AccessToken' });

export function userJson(user: User__Output | null | undefined): z.infer<typeof User> {
  if (!user) throw new Error('the user service answered without a user');
  return { id: user.id, email: user.email, createdAt: timestampJson(user.createdAt) };
}
