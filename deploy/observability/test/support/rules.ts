import { findOnPath, repoRoot } from '@shop/local-system';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments, stringify } from 'yaml';

const run = promisify(execFile);
const TOOLS_BIN = join(process.env['SHOP_TOOLS_DIR'] ?? join(homedir(), '.cache', 'shop', 'tools'), 'bin');

export const PROMTOOL_MISSING = 'promtool is not installed: install it with `apt-get install prometheus` (Debian/Ubuntu).';

/** helm as the chart checks use it: built from the Go module proxy by install-tools.sh when missing. */
export async function helm(): Promise<string> {
  const cached = join(TOOLS_BIN, 'helm');
  if (!existsSync(cached)) await run('bash', [join(repoRoot(), 'deploy', 'scripts', 'install-tools.sh')], { maxBuffer: 1 << 24 });
  return cached;
}

export function promtool(): string {
  const binary = findOnPath('promtool');
  if (!binary) throw new Error(PROMTOOL_MISSING);
  return binary;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered YAML, read where used
export type RenderedObject = Record<string, any>;

/** `helm template` of the chart in namespace `shop` with values files (relative to deploy/test/values) and `--set-json` values. */
export async function renderChart(options: { valuesFiles?: string[]; set?: string[] } = {}): Promise<RenderedObject[]> {
  const args = ['template', 'shop', join(repoRoot(), 'deploy', 'helm', 'shop'), '--namespace', 'shop'];
  for (const file of options.valuesFiles ?? []) args.push('--values', join(repoRoot(), 'deploy', 'test', 'values', file));
  for (const set of options.set ?? []) args.push('--set-json', set);
  const { stdout } = await run(await helm(), args, { maxBuffer: 1 << 26 });
  return parseAllDocuments(stdout)
    .map((doc) => doc.toJS() as RenderedObject | null)
    .filter((doc): doc is RenderedObject => doc !== null);
}

/**
 * Renders the chart's PrometheusRule in namespace `shop` (with `--set-json` overrides) and writes its rule
 * groups to `file` as Prometheus loads them.
 */
export async function renderRules(file: string, overrides: string[] = []): Promise<void> {
  const args = ['template', 'shop', join(repoRoot(), 'deploy', 'helm', 'shop'), '--namespace', 'shop'];
  for (const set of ['monitoring.prometheusRule.enabled=true', ...overrides]) args.push('--set-json', set);
  const { stdout } = await run(await helm(), [...args, '--show-only', 'templates/monitoring.yaml'], { maxBuffer: 1 << 24 });
  const groups = parseAllDocuments(stdout)
    .map((doc) => doc.toJS() as { kind?: string; spec?: { groups: unknown[] } } | null)
    .filter((doc) => doc?.kind === 'PrometheusRule')
    .flatMap((doc) => doc!.spec!.groups);
  if (groups.length === 0) throw new Error('the chart rendered no PrometheusRule');
  await writeFile(file, stringify({ groups }));
}

/** Runs promtool; resolves with its exit code and output (never rejects on a non-zero exit). */
export async function runPromtool(args: string[], cwd: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(promtool(), args, { cwd, maxBuffer: 1 << 24 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}
