// `npm run chaos`: the fault matrix. The whole shop from its bundles (@shop/local-system) under the
// load generator; each fault injected for real, one after the other; after each, every order must be
// at rest, no answer may be a 5xx other than 503/504, no app may log an INTERNAL failure, and the
// cross-database invariants must hold; the time from the fault's end until the shop answers again
// is measured. Prints one table (`--json`: the results as JSON); exits 1 when a fault broke a rule.
//   --short         the faults `npm test` runs (tools/chaos/test/chaos.test.ts)
//   --only <text>   the faults whose name contains <text>
import { repoRoot } from '@shop/local-system';
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { FAULTS, type Fault } from './faults';
import { findSchemathesis, SCHEMATHESIS_MISSING } from './fuzz';
import { textTable, type Results, type Row } from './report';
import { ChaosShop } from './shop';
import { Prober, startLoad, Tally } from './traffic';

/** Virtual users of the load generator during every fault. */
const USERS = 6;
/** Load before the fault and after recovery, so that both sides of it are under load. */
const STEADY_MS = 2_000;
const REST_TIMEOUT_MS = 60_000;
const RESULTS_FILE = join(repoRoot(), 'tools', 'chaos', 'results.json');

const { values } = parseArgs({ options: { json: { type: 'boolean' }, short: { type: 'boolean' }, only: { type: 'string' } } });
const progress = (line: string) => process.stderr.write(`chaos: ${line}\n`);

async function main(): Promise<number> {
  const faults = FAULTS.filter((fault) => (!values.short || fault.short) && (!values.only || fault.name.includes(values.only)));
  if (faults.length === 0) throw new Error(`no fault matches --only ${values.only}`);
  if (faults.some((fault) => fault.name.includes('schemathesis')) && !findSchemathesis()) throw new Error(SCHEMATHESIS_MISSING);
  const loadgen = join(repoRoot(), 'dist', 'tools', 'loadgen', 'main.cjs');
  for (const bundle of [loadgen, ...['user', 'inventory', 'payment', 'order', 'gateway'].map((app) => join(repoRoot(), 'dist', 'apps', app, 'main.cjs'))]) {
    if (!existsSync(bundle)) throw new Error(`${bundle} is missing: the chaos target builds it first`);
  }

  const shop = await ChaosShop.start(progress);
  const rows: Row[] = [];
  try {
    const prober = await Prober.start(shop.gatewayUrl);
    for (const fault of faults) {
      progress(fault.name);
      rows.push(await runFault(fault, shop, prober, loadgen));
    }
  } finally {
    await shop.stop();
  }
  const results: Results = { commit: commit(), date: new Date().toISOString(), short: Boolean(values.short), rows };
  process.stdout.write(values.json ? `${JSON.stringify(results, null, 2)}\n` : textTable(results));
  if (!values.short && !values.only) {
    writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
    progress(`results written to ${RESULTS_FILE}`);
  }
  return rows.every((row) => row.ok) ? 0 : 1;
}

/** One fault under load: steady load, the fault, recovery, steady load; then rest and the invariants. */
async function runFault(fault: Fault, shop: ChaosShop, prober: Prober, loadgen: string): Promise<Row> {
  const internalBefore = shop.internalErrors.length;
  const tally = new Tally();
  const recoveries: number[] = [];
  const violations: string[] = [];
  const notes: string[] = [];
  prober.tally = new Tally();
  const load = await startLoad(loadgen, shop.gatewayUrl, USERS);
  try {
    await sleep(STEADY_MS);
    await fault.inject({
      shop,
      tally,
      recovered: async (endedAt) => {
        const { seconds, slowest } = await prober.recovery(endedAt);
        recoveries.push(seconds);
        notes.push(`answering again after ${seconds.toFixed(1)} s (${slowest} last)`);
      },
      violation: (text) => violations.push(text),
      note: (text) => notes.push(text),
    });
    await sleep(STEADY_MS);
  } finally {
    tally.add(await load.stop());
  }
  tally.add(prober.tally);
  const atRest = await shop.waitForRest(REST_TIMEOUT_MS);
  violations.push(...(await shop.invariants()).slice(0, 20));
  const internal = shop.internalErrors.slice(internalBefore);
  for (const error of internal.slice(0, 3)) notes.push(`${error.app} logged '${error.msg}': ${error.error}`);
  const serverErrors = [...tally.serverErrors.values()].reduce((sum, count) => sum + count, 0);
  const unavailable = (tally.serverErrors.get(503) ?? 0) + (tally.serverErrors.get(504) ?? 0);
  const otherServerErrors = Object.fromEntries([...tally.serverErrors].filter(([status]) => status !== 503 && status !== 504).map(([status, count]) => [String(status), count]));
  const recoverySeconds = recoveries.some((seconds) => Number.isNaN(seconds)) || recoveries.length === 0 ? Number.NaN : Math.max(...recoveries);
  if (Number.isNaN(recoverySeconds)) violations.push('the shop did not answer again within 60 s of the fault');
  const ok = Object.keys(otherServerErrors).length === 0 && internal.length === 0 && atRest && violations.length === 0;
  return { fault: fault.name, requests: tally.requests, serverErrors, unavailable, otherServerErrors, noAnswer: tally.noAnswer, internalLogged: internal.length, recoverySeconds, atRest, violations, notes, ok };
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot(), encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
