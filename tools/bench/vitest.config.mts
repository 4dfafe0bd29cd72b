import { projectTestConfig } from '../../vitest.shared.mts';

// The smoke run starts Postgres, Redis and the five apps and drives every row briefly.
export default projectTestConfig(import.meta.dirname, { timeoutMs: 300_000 });
