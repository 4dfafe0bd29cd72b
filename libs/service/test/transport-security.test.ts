import * as grpc from '@grpc/grpc-js';
import { channelCredentials, readTlsDirectory, shopProtos, status } from '@shop/rpc';
import { testClient } from '@shop/rpc/testing';
import { createTestCertificates, failure, freshDatabase, startTestApp, startTsxProcess, type TestApp, type TestCertificates } from '@shop/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * A production profile never speaks gRPC in clear: a real service process (user) started with
 * SHOP_PROFILE=production and certificates in cert-manager's layout, called for real.
 */

const UserService = shopProtos().grpcObject.shop.user.v1.UserService.service;
let certificates: TestCertificates;
let keyDir: string;
let user: TestApp<'user'>;

beforeAll(async () => {
  certificates = await createTestCertificates();
  keyDir = await mkdtemp(join(tmpdir(), 'shop-mtls-keys-'));
  user = await startTestApp('user', {
    env: { SHOP_PROFILE: 'production', GRPC_TLS_DIR: await certificates.trusted('user'), JWT_KEY_DIR: keyDir },
  });
});

afterAll(async () => {
  await user?.stop();
  await certificates?.remove();
  if (keyDir) await rm(keyDir, { recursive: true, force: true });
});

describe('gRPC between services in a production profile', () => {
  it('serves a caller with a certificate from the cluster CA', async () => {
    const client = testClient(UserService, user.app.grpcAddress, { credentials: channelCredentials(readTlsDirectory(await certificates.trusted('gateway'))) });
    try {
      // NOT_FOUND is an answer from the service itself: the TLS handshake and the call went through.
      expect((await failure(client.getUser({ userId: '6f1f8c1e-0000-4000-8000-000000000000' }))).code).toBe(status.NOT_FOUND);
    } finally {
      client.close();
    }
  });

  it('refuses a plaintext caller and one without a certificate', async () => {
    const ca = readTlsDirectory(await certificates.trusted('spare')).ca;
    for (const credentials of [grpc.credentials.createInsecure(), grpc.credentials.createSsl(ca)]) {
      const client = testClient(UserService, user.app.grpcAddress, { credentials });
      try {
        expect((await failure(client.getUser({ userId: '6f1f8c1e-0000-4000-8000-000000000000' }))).code).toBe(status.UNAVAILABLE);
      } finally {
        client.close();
      }
    }
  });

  it('refuses to start without mutual TLS', async () => {
    const db = await freshDatabase('user_plaintext');
    try {
      const child = startTsxProcess('apps/user/src/main.ts', { SHOP_PROFILE: 'production', DATABASE_URL: db.url, PORT: '0', ADMIN_PORT: '0' });
      const exit = await child.exited;
      expect(exit.code, child.output()).toBe(78);
      expect(child.output()).toContain('GRPC_TLS_DIR: is required when SHOP_PROFILE=production');
    } finally {
      await db.drop();
    }
  });
});
