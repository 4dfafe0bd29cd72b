export { defineFlag, flagsEnv, RuntimeFlags, type Flag, type FlagsOptions } from './flags';
