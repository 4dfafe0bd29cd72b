export { createBreaker, isCircuitOpenError, isTargetFailure } from './breaker';
export type { Breaker, BreakerOptions, BreakerState, CircuitOpenError } from './breaker';
