// Part 6: the storefront under Lighthouse (mobile profile: simulated slow 4G, 4× slower CPU), served
// by the running system's gateway, through the storefront's own runner (apps/storefront/lighthouse
// run.ts, the `storefront:lighthouse` target) pointed at it: the catalog and a product page, the
// median of LIGHTHOUSE_RUNS runs (default 3) each. A smoke run measures the catalog once.
import { repoRoot } from '@shop/local-system';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { settings } from './closed-loop';
import type { Row } from './report';

const PART = 'storefront: Lighthouse, mobile (median of runs)';
const CHROME = process.env['CHROME_PATH'] ?? '/usr/bin/chromium';

interface Summary {
  targets: Record<'performance' | 'accessibility' | 'best-practices', number>;
  runsPerPage: number;
  pages: Array<{ page: string; path: string; performance: number; accessibility: number; 'best-practices': number; benchmarkIndex: number }>;
}

export async function storefrontRows(shopUrl: string): Promise<Row[]> {
  if (!existsSync(CHROME)) {
    return [{ part: PART, name: 'Chromium', figures: { performance: Number.NaN }, notes: `${CHROME} is missing: apt-get install chromium, or set CHROME_PATH` }];
  }
  const out = mkdtempSync(join(tmpdir(), 'shop-bench-lighthouse-'));
  try {
    const args = ['--tsconfig', 'apps/storefront/e2e/tsconfig.json', 'apps/storefront/lighthouse/run.ts', `--url=${shopUrl}`, `--out=${out}`];
    if (settings.smoke) args.push('--pages=catalog');
    const env = { ...process.env, ...(settings.smoke ? { LIGHTHOUSE_RUNS: '1' } : {}) };
    const output = await run(join(repoRoot(), 'node_modules', '.bin', 'tsx'), args, env);
    // It exits 1 when a score is under its target, with the summary written: that is a result.
    const file = join(out, 'summary.json');
    if (!existsSync(file)) return [{ part: PART, name: 'Lighthouse', figures: { performance: Number.NaN }, notes: output.slice(-500) }];
    const summary = JSON.parse(readFileSync(file, 'utf8')) as Summary;
    const { targets } = summary;
    return summary.pages.map((page) => ({
      part: PART,
      name: `${page.page} (${page.path}), ${summary.runsPerPage} run(s)`,
      figures: {
        performance: page.performance,
        accessibility: page.accessibility,
        bestPractices: page['best-practices'],
        benchmarkIndex: page.benchmarkIndex,
      },
      notes: `targets ≥ ${targets.performance} / ${targets.accessibility} / ${targets['best-practices']}; a busy machine lowers the benchmark index and the performance score`,
    }));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: repoRoot(), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', fail);
    child.once('exit', () => done(output));
  });
}
