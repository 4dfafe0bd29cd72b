import { projectTestConfig } from '../../vitest.shared.mts';

export default projectTestConfig(import.meta.dirname, { timeoutMs: 120_000 });
