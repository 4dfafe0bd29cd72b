import { projectTestConfig } from '../../vitest.shared.mts';

// The short form starts Postgres, two redis-servers and the five apps, and injects a few faults under load.
export default projectTestConfig(import.meta.dirname, { timeoutMs: 400_000 });
