import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes $SHOP_TEST_RESULTS_DIR/storefront-e2e.json ({ numPassedTests, numFailedTests }), which
 * `npm test` adds to its total. A test that did not pass in its final run counts as failed,
 * skipped ones included: no test may silently not run.
 */
export default class ResultsReporter implements Reporter {
  private readonly outcomes = new Map<string, boolean>();

  onTestEnd(test: TestCase, result: TestResult): void {
    this.outcomes.set(test.id, result.status === 'passed');
  }

  onEnd(_result: FullResult): void {
    const dir = process.env['SHOP_TEST_RESULTS_DIR'];
    if (!dir) return;
    const passed = [...this.outcomes.values()].filter(Boolean).length;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'storefront-e2e.json'), JSON.stringify({ numPassedTests: passed, numFailedTests: this.outcomes.size - passed }));
  }
}
