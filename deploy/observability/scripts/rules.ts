// deploy/observability/rules/rules.yaml: the rule groups of the chart's PrometheusRule (SLO recording
// rules, burn-rate alerts, threshold alerts) rendered for namespace "shop", as a plain Prometheus
// loads them: `npm run observe` does, and `promtool test rules slo.test.yaml` runs beside it as is.
// With --check it writes nothing and fails when the file differs from what the chart renders now.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderRules } from '../test/support/rules';

const TARGET = join(__dirname, '..', 'rules', 'rules.yaml');
const HEADER =
  '# Generated from the chart (deploy/helm/shop, templates/monitoring.yaml) by deploy/observability/scripts/rules.ts.\n' +
  '# Do not edit: change the chart and run `npx nx run observability:generate`.\n';

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'shop-rules-'));
  try {
    await renderRules(join(dir, 'rules.yaml'));
    const rendered = HEADER + (await readFile(join(dir, 'rules.yaml'), 'utf8'));
    if (!process.argv.includes('--check')) {
      await writeFile(TARGET, rendered);
      console.log('wrote deploy/observability/rules/rules.yaml');
    } else if ((await readFile(TARGET, 'utf8').catch(() => '')) === rendered) {
      console.log('check-generated: deploy/observability/rules/rules.yaml is up to date.');
    } else {
      console.error('check-generated: deploy/observability/rules/rules.yaml is out of date with the chart: run `npx nx run observability:generate` and commit it.');
      process.exitCode = 1;
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

void main();
