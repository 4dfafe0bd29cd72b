
/** SQLSTATE codes the chassis reacts to. */
export const SqlState = {
  serializationFailure: '40001',
  deadlockDetected: '40P01',
  queryCanceled: '57014',
  duplicateDatabase: '42P04',
  uniqueViolation: '23505',
  invalidCatalogName: '3D000',
  featureNotSupported: '0A000',
} as const;

export function sqlState(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object' || !('code' in error)) return undefined;
  const { code } = error as { code: unknown };
  return typeof code === 'string' ? code : undefined;
}

/** Errors after which running the whole transaction again can succeed. */
export function isRetryableTransactionError(error: unknown): boolean {
  const state = sqlState(error);
  return state === SqlState.serializationFailure || state === SqlState.deadlockDetected;
}

/**
 * An error reported by the server about one statement leaves the connection usable; anything else
 * (socket closed, protocol error, connection terminated by the server) means it must be thrown away.
 */
export function connectionIsBroken(error: unknown): boolean {
  const state = sqlState(error);
  // Class 08 = connection exception; 57P0x = admin shutdown / crash / cannot connect now.
  if (state === undefined) return true;
  return state.startsWith('08') || state.startsWith('57P');
}
