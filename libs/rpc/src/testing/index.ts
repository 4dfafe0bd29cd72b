/**
 * `@shop/rpc/testing`: a client for tests (no retries), and a relay service for testing the chassis
 * itself. Each hop reports the deadline and trace it saw and calls the next; the leaf can stall, fail
 * or run slow SQL on request.
 */
export { testClient } from './client';
export * from './relay-service';
export type { RelayServiceDefinition } from './generated/shop/testing/v1/RelayService';
