import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** Debian's chromium (`apt-get install chromium`; .ci/run installs it): never a downloaded browser. */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`);
}

export default defineConfig({
  testDir: __dirname,
  // Screenshots, traces of failures: test artifacts for a reviewer, never committed.
  outputDir: resolve(__dirname, '../../../tmp/storefront-e2e'),
  globalSetup: './global-setup.ts',
  // One shop, one browser: the journeys share its catalog and stock.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: true,
  // Generous bounds, never assertions about speed: the machine running them may be busy.
  timeout: 180_000,
  expect: { timeout: 30_000 },
  reporter: [['list'], ['./results-reporter.ts']],
  use: {
    baseURL: process.env['SHOP_E2E_URL'],
    launchOptions: { executablePath: CHROMIUM, args: ['--no-sandbox'] },
    locale: 'en-IE',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'journeys', testIgnore: /outage\.spec\.ts/ },
    // Stops the order service for good: after everything else.
    { name: 'outage', testMatch: /outage\.spec\.ts/, dependencies: ['journeys'] },
  ],
});
