export { defineFlag, flagsEnv, RuntimeFlags, type Flag, type FlagsOptions } from './flags';
export { faultFlags, followHogs, injectLatency, pauseWithinDeadline } from './faults';
