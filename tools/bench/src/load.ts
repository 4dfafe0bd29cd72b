// Part 3: the whole system under load from the load generator (its own process): checkout alone in
// an open model at fixed offered rates, then whole journeys in a closed model; meanwhile each app's
// kernel's counters give its peak RSS (over each stretch of the run) and the CPU it spent.
import { SYSTEM_APPS, type AppName, type RunningSystem } from '@shop/local-system';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { settings } from './closed-loop';
import { processFigures, resetPeakRss, type ProcessFigures } from './processes';
import type { Row } from './report';

/** Checkouts offered per second, each for the run's measured time (a tenth of them in a smoke run). */
const RATES = [50, 100, 200, 400].map((rate) => (settings.smoke ? rate / 10 : rate));
/** The rate of the checkout target. */
export const CHECKOUT_TARGET_RATE = RATES[2]!;
/** Virtual users of the checkout rows: the most checkouts in flight at once. */
const CHECKOUT_USERS = settings.smoke ? 4 : 64;
const JOURNEY_USERS = settings.smoke ? 4 : 16;
/**
 * The load generator's warm-up and measured time. A smoke run skips the warm-up: journeys slower
 * than a short window would otherwise all belong to it, leaving nothing measured.
 */
const WARMUP_SECONDS = settings.smoke ? 0 : settings.warmupSeconds;
const SECONDS = settings.smoke ? 1 : settings.seconds;
/** The checkout target: p99 under this at the offered rate. */
const CHECKOUT_P99_MS = 100;

interface Summary {
  journeys: number;
  journeysPerSecond: number;
  requestsPerSecond: number;
  missedStarts: number;
  durationSeconds: number;
  latencyMs: { all: Percentiles; steps: Array<Percentiles & { step: string; count: number }> };
  errors: Record<string, number>;
}
interface Percentiles {
  p50?: number;
  p90?: number;
  p99?: number;
  max?: number;
}

export async function loadRows(system: RunningSystem, loadgen: string): Promise<Row[]> {
  const snapshot = () => Object.fromEntries(SYSTEM_APPS.map((app) => [app, processFigures(system.apps[app].process.pid)])) as Record<AppName, ProcessFigures>;
  // Each app's peak RSS since its start or the previous call, MB, then started again from its
  // current RSS: the peak of each stretch of the run on its own.
  const peakRss = () =>
    Object.fromEntries(
      SYSTEM_APPS.map((app) => {
        const pid = system.apps[app].process.pid;
        const megabytes = processFigures(pid).peakRssBytes / 2 ** 20;
        resetPeakRss(pid);
        return [app, megabytes];
      }),
    ) as Record<AppName, number>;
  // Start-up and the parts before this one (the edge rows drive 32 reads at a time into inventory).
  const beforePeak = peakRss();
  const rows: Row[] = [];
  const checkoutPart = `checkout, open model (${CHECKOUT_USERS} users, cart of one line)`;
  let knee = 0;
  let kneeFound = false;
  for (const rate of RATES) {
    const { summary } = await runLoadgen(loadgen, system.gatewayUrl, ['--journey', 'checkout', '--rate', String(rate), '--concurrency', String(CHECKOUT_USERS)]);
    const checkout = summary.latencyMs.steps.find((step) => step.step === 'checkout');
    const errors = Object.values(summary.errors).reduce((sum, count) => sum + count, 0);
    const achieved = (checkout?.count ?? 0) / summary.durationSeconds;
    const held = achieved >= 0.95 * rate && errors === 0 && summary.missedStarts === 0 && (checkout?.p99 ?? Infinity) < CHECKOUT_P99_MS;
    if (held && !kneeFound) knee = rate;
    else kneeFound = true;
    rows.push({
      part: checkoutPart,
      name: `POST /orders offered at ${rate}/s`,
      figures: { offered: rate, achieved, p50: checkout?.p50 ?? Number.NaN, p90: checkout?.p90 ?? Number.NaN, p99: checkout?.p99 ?? Number.NaN, max: checkout?.max ?? Number.NaN, errors, missed: summary.missedStarts },
      notes: [checkout ? '' : 'no checkout completed in the window', errorList(summary.errors)].filter(Boolean).join('; '),
    });
  }
  rows.push({
    part: checkoutPart,
    name: 'knee: the highest offered rate held',
    figures: { offered: knee },
    notes: `held = achieved ≥ 95% of offered, no errors, no missed start, p99 < ${CHECKOUT_P99_MS} ms`,
  });

  const checkoutPeak = peakRss();

  // Whole journeys: the CPU every app spent between the start and the end of the measured window,
  // and the peak RSS from the warm-up's start (after the virtual users' sign-up) to the end: the
  // figure the memory target judges.
  let before: Record<AppName, ProcessFigures> | undefined;
  let after: Record<AppName, ProcessFigures> | undefined;
  let signUpPeak: Record<AppName, number> | undefined;
  const { summary } = await runLoadgen(loadgen, system.gatewayUrl, ['--concurrency', String(JOURNEY_USERS)], () => {
    signUpPeak = peakRss();
    setTimeout(() => (before = snapshot()), WARMUP_SECONDS * 1000);
    setTimeout(() => (after = snapshot()), (WARMUP_SECONDS + SECONDS) * 1000);
  });
  // The measured window ends in the load generator's clock: when its last journeys finish before this
  // process's timer fires, the window's end is the moment it exited.
  const start = before ?? snapshot();
  const end = after ?? snapshot();
  const cpu = (app: AppName) => end[app].cpuSeconds - start[app].cpuSeconds;
  const journeys = summary.journeysPerSecond * summary.durationSeconds;
  const cpuMs = SYSTEM_APPS.reduce((sum, app) => sum + cpu(app), 0) * 1000;
  const all = summary.latencyMs.all;
  rows.push({
    part: `journeys, closed model (${JOURNEY_USERS} users: browse → product → cart → checkout → orders)`,
    name: `journeys (${Math.round(summary.requestsPerSecond)} requests/s; latency per request)`,
    figures: { rate: summary.journeysPerSecond, p50: all.p50 ?? Number.NaN, p90: all.p90 ?? Number.NaN, p99: all.p99 ?? Number.NaN, max: all.max ?? Number.NaN, cpuMsPerJourney: journeys > 0 ? cpuMs / journeys : Number.NaN },
    notes: errorList(summary.errors),
  });
  const journeysPeak = peakRss();
  for (const app of SYSTEM_APPS) {
    rows.push({
      part: 'per app (peak RSS under the journeys, which the target judges, over the checkout rows, and since start; CPU during the measured journeys)',
      name: app,
      figures: {
        journeysRssMb: journeysPeak[app],
        checkoutRssMb: checkoutPeak[app],
        sinceStartRssMb: Math.max(beforePeak[app], checkoutPeak[app], signUpPeak?.[app] ?? 0, journeysPeak[app]),
        cpuSeconds: cpu(app),
      },
    });
  }
  return rows;
}

function errorList(errors: Record<string, number>): string {
  const entries = Object.entries(errors);
  return entries.length === 0 ? '' : entries.map(([kind, count]) => `${count}× ${kind}`).join(', ');
}

/** The load generator for the run's warm-up and measured time; `onRunning` when sign-up is done and the warm-up starts. */
async function runLoadgen(loadgen: string, target: string, args: string[], onRunning?: () => void): Promise<{ summary: Summary }> {
  const child = spawn(
    process.execPath,
    [loadgen, '--target', target, '--duration', `${SECONDS}s`, '--warmup', `${WARMUP_SECONDS}s`, '--json', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const stderr: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  createInterface({ input: child.stderr }).on('line', (line) => {
    stderr.push(line);
    if (line.startsWith('loadgen: running:')) onRunning?.();
  });
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  // 1 means no journey succeeded or too many errors: still a report, which the row shows.
  if (code !== 0 && code !== 1) throw new Error(`loadgen ${args.join(' ')} exited with ${code}:\n${stderr.join('\n')}`);
  return JSON.parse(output) as { summary: Summary };
}
