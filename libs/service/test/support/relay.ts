import * as protoLoader from '@grpc/proto-loader';
import { startService, type RunningApp } from '@shop/testing';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { join } from 'node:path';
import { createClient, loadProtos, type ServiceClient } from '@shop/rpc';
import { loadRelay, type RelayServiceDefinition } from '@shop/rpc/testing';

export const relayDefinition = loadRelay().grpcObject.shop.testing.v1.RelayService.service;

/** Starts a relay hop as a real process on the chassis. */
export function startRelay(name: string, env: Record<string, string>): Promise<RunningApp> {
  return startService({
    name,
    script: join(__dirname, '..', 'fixtures', 'relay-app.ts'),
    env: { RELAY_NAME: name, ...env },
  });
}

export function relayClient(address: string, timeoutMs = 5000): ServiceClient<RelayServiceDefinition> {
  return createClient(relayDefinition, { target: address, defaultTimeoutMs: timeoutMs });
}

type HealthDefinition = {
  Check: protoLoader.MethodDefinition<{ service?: string }, unknown, unknown, { status: string }>;
};

export function healthClient(address: string): ServiceClient<HealthDefinition> {
  const { grpcObject } = loadProtos<{ grpc: { health: { v1: { Health: { service: HealthDefinition } } } } }>(
    [healthProtoPath],
    [],
  );
  return createClient(grpcObject.grpc.health.v1.Health.service as never, {
    target: address,
    defaultTimeoutMs: 2000,
  }) as ServiceClient<HealthDefinition>;
}


export { eventually, failure, sleep } from '@shop/testing';
