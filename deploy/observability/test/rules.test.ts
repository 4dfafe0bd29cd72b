import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderRules, runPromtool } from './support/rules';

const TESTS = join(__dirname, '..', 'rules', 'slo.test.yaml');

describe('the SLO rules, rendered from the chart, under promtool', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shop-rules-'));
    await copyFile(TESTS, join(dir, 'slo.test.yaml'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('pass `promtool check rules`', async () => {
    await renderRules(join(dir, 'rules.yaml'));
    const { code, output } = await runPromtool(['check', 'rules', 'rules.yaml'], dir);
    expect(output).toMatch(/SUCCESS: \d+ rules found/);
    expect(code).toBe(0);
  });

  it('page on a fast burn, ticket on a slow one and stay silent within budget (`promtool test rules`)', async () => {
    await renderRules(join(dir, 'rules.yaml'));
    const { code, output } = await runPromtool(['test', 'rules', 'slo.test.yaml'], dir);
    expect(output).toContain('SUCCESS');
    expect(code).toBe(0);
  });

  it('have tests that fail when an objective changes (a 90% checkout objective does not page at 20% errors)', async () => {
    await renderRules(join(dir, 'rules.yaml'), ['monitoring.slo.checkout.availability=0.9']);
    const { code, output } = await runPromtool(['test', 'rules', 'slo.test.yaml'], dir);
    expect(code).not.toBe(0);
    expect(output).toContain('fast burn pages on every SLO');
    expect(output).toContain('checkout-availability');
  });
});
