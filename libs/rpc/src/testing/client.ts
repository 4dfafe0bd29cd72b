import type { ServiceDefinition } from '@grpc/grpc-js';
import { createClient, type ClientOptions, type ServiceClient } from '../client';

/**
 * A typed client for a test: no automatic retries, so each test sees exactly what one call got.
 * `service` is e.g. `shopProtos().grpcObject.shop.payment.v1.PaymentService.service`.
 */
export function testClient<S extends ServiceDefinition>(
  service: S,
  address: string,
  options: Omit<ClientOptions, 'target'> = {},
): ServiceClient<S> {
  return createClient(service, { defaultTimeoutMs: 10_000, retry: false, ...options, target: address });
}
