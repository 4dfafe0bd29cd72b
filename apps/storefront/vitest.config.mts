import { projectTestConfig } from '../../vitest.shared.mts';

// Unit tests of the client-side logic (src/**/*.test.ts); the browser journeys are Playwright's (e2e/).
export default projectTestConfig(import.meta.dirname);
