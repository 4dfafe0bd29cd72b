import { createClient, shopProtos, type ServiceClient } from '@shop/rpc';
import type { UserServiceDefinition } from '@shop/rpc/generated/shop/user/v1/UserService';
import { randomBytes, randomInt } from 'node:crypto';

export function userClient(address: string): ServiceClient<UserServiceDefinition> {
  return createClient(shopProtos().grpcObject.shop.user.v1.UserService.service, {
    target: address,
    defaultTimeoutMs: 10_000,
  });
}

/** An email no other test (or earlier run against the same Redis) uses. */
export function uniqueEmail(name = 'user'): string {
  return `${name}.${randomBytes(5).toString('hex')}@example.com`;
}

/** A client address of its own, so rate-limit counters of different tests never meet. */
export function uniqueIp(): string {
  return `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
}

/** Meets the password policy; unique so the output scan can look for each one. */
export function strongPassword(): string {
  return `Pw-${randomBytes(9).toString('base64url')}`;
}

export { failure } from '@shop/testing';
