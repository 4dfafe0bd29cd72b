import type { ServiceError } from '@grpc/grpc-js';

/**
 * The error a gRPC call failed with; throws when it succeeded instead. For assertions such as
 * `expect((await failure(client.getUser({ userId: '' }))).code).toBe(status.INVALID_ARGUMENT)`.
 */
export function failure(call: Promise<unknown>): Promise<ServiceError> {
  return call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: ServiceError) => error,
  );
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` until it returns true or `timeoutMs` passes; returns whether it ever did. */
export async function eventually(probe: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() > until) return false;
    await sleep(100);
  }
}
