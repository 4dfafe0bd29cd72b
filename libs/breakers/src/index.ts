export { createBreaker, isCircuitOpenError } from './breaker';
export type { Breaker, BreakerOptions, BreakerState, CircuitOpenError } from './breaker';
