import { findOnPath, startProcess } from '@shop/local-system';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FaultContext } from './faults';
import { signUp } from './traffic';

export const SCHEMATHESIS_MISSING =
  'schemathesis is not installed: `bash .ci/provision` installs it (PyPI, in a virtualenv under ~/.cache/shop/tools/schemathesis), or put `st` on PATH';

/** schemathesis' `st`: on PATH, or where .ci/provision installs it. */
export function findSchemathesis(): string | undefined {
  const tools = process.env['SHOP_TOOLS_DIR'] ?? join(homedir(), '.cache', 'shop', 'tools');
  const provisioned = join(tools, 'schemathesis', 'bin', 'st');
  return existsSync(provisioned) ? provisioned : findOnPath('st');
}

/** Bounded: a few examples per operation, a time budget for each of the two runs. */
const MAX_EXAMPLES = 15;
const MAX_SECONDS = 60;

/**
 * Schemathesis generates requests from the gateway's OpenAPI document (valid and invalid ones, as
 * a signed-in user) and checks that none is answered with a server error. Every exchange is read
 * back from its HAR report and counted.
 */
export async function fuzz({ shop, tally, violation, note }: FaultContext): Promise<void> {
  const st = findSchemathesis();
  if (!st) throw new Error(SCHEMATHESIS_MISSING);
  const { token } = await signUp(shop.gatewayUrl, 'fuzzer');
  const dir = mkdtempSync(join(tmpdir(), 'shop-chaos-fuzz-'));
  try {
    // Two runs: the generated examples and random fuzzing on two workers, then the coverage phase
    // (boundary and just-invalid values of every constraint) on one. With two workers the coverage
    // phase dies in CPython 3.11's AST constructor ("SystemError: AST constructor recursion depth
    // mismatch", python/cpython#106905: its recursion counter is shared by threads parsing at once,
    // and Hypothesis parses its lambdas' source to name them); no Hypothesis or schemathesis version
    // avoids that, one thread does.
    for (const [phases, workers] of [['examples,fuzzing', 2], ['coverage', 1]] as const) {
      const har = join(dir, `${phases}.har`);
      const run = startProcess({
        name: `schemathesis ${phases}`,
        command: st,
        args: [
          'run', `${shop.gatewayUrl}/api/openapi.json`,
          '--checks', 'not_a_server_error',
          '--max-examples', String(MAX_EXAMPLES),
          '--max-time', String(MAX_SECONDS),
          '--phases', phases,
          '--workers', String(workers),
          '--seed', '1',
          '--no-shrink',
          '--request-timeout', '12',
          '--header', `Authorization: Bearer ${token}`,
          '--report', 'har', '--report-har-path', har,
        ],
        env: { ...process.env, NO_COLOR: '1', SCHEMATHESIS_TELEMETRY: 'false' },
        cwd: dir, // where it keeps its cache (.schemathesis/)
        keepLines: 400,
      });
      const exit = await run.exited;
      if (!existsSync(har)) throw new Error(`schemathesis (${phases}) wrote no report (exit ${JSON.stringify(exit)}):\n${run.output()}`);
      const entries = (JSON.parse(readFileSync(har, 'utf8')) as { log: { entries: Array<{ request: { method: string; url: string }; response: { status: number } }> } }).log.entries;
      for (const entry of entries) tally.count(entry.response.status > 0 ? entry.response.status : 'no answer');
      const errors = entries.filter((entry) => entry.response.status >= 500 && entry.response.status !== 503 && entry.response.status !== 504);
      note(`${entries.length} generated requests (${phases})`);
      if (exit.code !== 0 && errors.length === 0) violation(`schemathesis (${phases}) exited ${exit.code}:\n${run.output().slice(-3000)}`);
      for (const entry of errors.slice(0, 5)) note(`${entry.response.status} for ${entry.request.method} ${entry.request.url}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
