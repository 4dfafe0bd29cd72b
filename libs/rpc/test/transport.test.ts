import * as grpc from '@grpc/grpc-js';
import { createTestCertificates, eventually, failure, type TestCertificates } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelCredentials, createClient, MAX_REQUEST_BYTES, readTlsDirectory, serverCredentials, status, type ServiceClient } from '../src';
import type { RelayServiceDefinition } from '../src/testing';
import { relayDefinition as definition, startRelayServer, type RelayServer } from './relay-server';


const clients: Array<ServiceClient<RelayServiceDefinition>> = [];
function clientOf(address: string, credentials: grpc.ChannelCredentials, channelOptions: grpc.ChannelOptions = {}) {
  const client = createClient(definition, { target: address, credentials, retry: false, defaultTimeoutMs: 5000, channelOptions });
  clients.push(client);
  return client;
}

afterAll(() => clients.forEach((client) => client.close()));

describe('mutual TLS between services (certificates from a cert-manager-shaped directory)', () => {
  let certificates: TestCertificates;
  let server: RelayServer;

  beforeAll(async () => {
    certificates = await createTestCertificates();
    server = await startRelayServer({ credentials: serverCredentials(readTlsDirectory(await certificates.trusted('server'))) });
  });
  afterAll(async () => {
    await server?.stop();
    await certificates?.remove();
  });

  it('serves a caller that presents a certificate from the same CA', async () => {
    const client = clientOf(server.address, channelCredentials(readTlsDirectory(await certificates.trusted('client'))));
    expect((await client.relay({ key: 'mtls' })).hops).toHaveLength(1);
  });

  it('refuses a plaintext caller, a caller without a certificate and one whose certificate another CA signed', async () => {
    const trusted = readTlsDirectory(await certificates.trusted('anonymous'));
    const foreign = readTlsDirectory(await certificates.foreign('intruder'));
    const callers = {
      plaintext: grpc.credentials.createInsecure(),
      noCertificate: grpc.credentials.createSsl(trusted.ca),
      foreignCertificate: grpc.credentials.createSsl(foreign.ca, foreign.key, foreign.cert),
    };
    for (const [name, credentials] of Object.entries(callers)) {
      const error = await failure(clientOf(server.address, credentials).relay({ key: name }));
      expect(error.code, name).toBe(status.UNAVAILABLE);
    }
  });

  it('verifies the server too: a client refuses a server whose certificate another CA signed', async () => {
    const impostor = await startRelayServer({ credentials: serverCredentials(readTlsDirectory(await certificates.foreign('impostor'))) });
    try {
      const client = clientOf(impostor.address, channelCredentials(readTlsDirectory(await certificates.trusted('careful'))));
      expect((await failure(client.relay({ key: 'impostor' }))).code).toBe(status.UNAVAILABLE);
    } finally {
      await impostor.stop();
    }
  });

  it('uses a renewed server certificate for new connections without a restart', async () => {
    // Served first with a certificate the clients cannot trust, then renewed on disk with a good one.
    const secret = await certificates.mounted(await certificates.foreign('renewing-server'));
    const renewing = await startRelayServer({ credentials: serverCredentials(readTlsDirectory(secret.dir, { reloadIntervalMs: 200 })) });
    try {
      const client = clientOf(renewing.address, channelCredentials(readTlsDirectory(await certificates.trusted('renewal-client'))));
      expect((await failure(client.relay({ key: 'before' }))).code).toBe(status.UNAVAILABLE);
      await secret.renew(await certificates.trusted('renewed-server'));
      expect(await eventually(() => client.relay({ key: 'after' }).then(() => true, () => false), 15_000)).toBe(true);
    } finally {
      await renewing.stop();
    }
  });

  it('presents a renewed client certificate on new connections without a restart', async () => {
    const secret = await certificates.mounted(await certificates.foreign('renewing-client'));
    const client = clientOf(server.address, channelCredentials(readTlsDirectory(secret.dir, { reloadIntervalMs: 200 })));
    expect((await failure(client.relay({ key: 'before' }))).code).toBe(status.UNAVAILABLE);
    await secret.renew(await certificates.trusted('renewed-client'));
    expect(await eventually(() => client.relay({ key: 'after' }).then(() => true, () => false), 15_000)).toBe(true);
  });

  it('names the file that is missing', async () => {
    expect(() => readTlsDirectory('/nonexistent/tls')).toThrow(/GRPC_TLS_DIR: cannot read \/nonexistent\/tls\/ca.crt/);
  });
});

describe('message size limits', () => {
  let server: RelayServer;

  beforeAll(async () => {
    server = await startRelayServer();
  });
  afterAll(() => server?.stop());

  const oversized = { key: 'k'.repeat(MAX_REQUEST_BYTES + 1) };

  it('a client refuses to send a request over the limit', async () => {
    const error = await failure(clientOf(server.address, grpc.credentials.createInsecure()).relay(oversized));
    expect(error.code).toBe(status.RESOURCE_EXHAUSTED);
  });

  it('a server refuses to read one from a client without the limit, and keeps serving', async () => {
    const unlimited = clientOf(server.address, grpc.credentials.createInsecure(), { 'grpc.max_send_message_length': -1 });
    const error = await failure(unlimited.relay(oversized));
    expect(error.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(error.details).toMatch(/larger than max/);
    expect((await unlimited.relay({ key: 'small' })).hops).toHaveLength(1);
  });
});

/** The status a reflection stream ends with after one empty request. */
async function reflectionStatus(address: string): Promise<grpc.status> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  try {
    return await new Promise<grpc.status>((resolve) => {
      const call = client.makeBidiStreamRequest(
        '/grpc.reflection.v1.ServerReflection/ServerReflectionInfo',
        (message: Buffer) => message,
        (message: Buffer) => message,
      );
      call.on('data', () => undefined);
      call.on('error', () => undefined);
      call.on('status', (received: grpc.StatusObject) => resolve(received.code));
      call.write(Buffer.alloc(0));
      call.end();
    });
  } finally {
    client.close();
  }
}

describe('server reflection', () => {
  it('is served by default, and absent when the server is told so (production)', async () => {
    const [open, closed] = await Promise.all([startRelayServer(), startRelayServer({ reflection: false })]);
    try {
      expect(await reflectionStatus(open.address)).toBe(status.OK);
      expect(await reflectionStatus(closed.address)).toBe(status.UNIMPLEMENTED);
    } finally {
      await Promise.all([open.stop(), closed.stop()]);
    }
  });
});

describe('channels per target', () => {
  let server: grpc.Server;
  let address: string;
  const peers = new Set<string>();

  beforeAll(async () => {
    server = new grpc.Server();
    server.addService(definition, {
      Relay: (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
        peers.add(call.getPeer());
        callback(null, { hops: [] });
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
    );
    address = `127.0.0.1:${port}`;
  });
  afterAll(() => server?.forceShutdown());

  it('open a connection each, and calls take them in turn; one channel by default', async () => {
    const callsOn = async (client: ServiceClient<RelayServiceDefinition>) => {
      peers.clear();
      for (let call = 0; call < 6; call++) await client.relay({ key: `call ${call}` });
      return peers.size;
    };
    const three = createClient(definition, { target: address, retry: false, channels: 3 });
    const single = createClient(definition, { target: address, retry: false });
    clients.push(three, single);
    expect(await callsOn(three)).toBe(3);
    expect(await callsOn(single)).toBe(1);
  });
});
