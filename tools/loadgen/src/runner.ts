import { setTimeout as sleep } from 'node:timers/promises';
import { GatewayClient, RequestFailed } from './gateway-client';
import { Shopper } from './shopper';
import { Stats, summarize, type RunSummary } from './stats';

export interface LoadOptions {
  /** The gateway's base URL, e.g. http://127.0.0.1:8080 (the API is under /api/v1). */
  target: string;
  /** Journeys per second (open model); unset: `concurrency` users loop back to back (closed model). */
  rate?: number | undefined;
  /** Closed model: users running journeys at once. Rate model: most journeys in flight at once. */
  concurrency: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** full: browse → product → cart → checkout → orders; checkout: a cart of one line, then checkout. */
  journey: 'full' | 'checkout';
  declineRatio: number;
  pageSize: number;
  requestTimeoutMs: number;
  /** How long signing up every virtual user may take (auth is rate limited at the edge). */
  setupTimeoutSeconds: number;
  /** Ends the run early (SIGTERM): no journey starts after it, those in flight finish and are counted. */
  stop?: AbortSignal | undefined;
}

export interface LoadResult {
  summary: RunSummary;
  /** Register and login of the virtual users, before the warm-up. */
  setup: RunSummary;
}

/** Runs `journey` and counts it; a failed request was already counted by the client. */
async function runJourney(shopper: Shopper, stats: Stats, skus: readonly string[] | undefined): Promise<void> {
  try {
    await (skus ? shopper.checkoutOnly(stats, skus) : shopper.journey(stats));
    stats.journeys++;
  } catch (error) {
    stats.failedJourneys++;
    if (!(error instanceof RequestFailed)) stats.journeyError(`unexpected: ${(error as Error).message}`);
  }
}

async function signUpAll(api: GatewayClient, options: LoadOptions, log: (line: string) => void): Promise<{ shoppers: Shopper[]; stats: Stats; seconds: number }> {
  const stats = new Stats();
  const started = performance.now();
  const deadline = Date.now() + options.setupTimeoutSeconds * 1000;
  const shoppers: Shopper[] = [];
  let next = 0;
  // A few at a time: sign-up is scrypt on the user service, and the edge limits auth per address.
  const signUpWorker = async () => {
    while (next < options.concurrency) {
      next++;
      const shopper = new Shopper(api, options.declineRatio, options.pageSize);
      try {
        await shopper.signUp(stats, deadline);
        shoppers.push(shopper);
      } catch (error) {
        if (!(error instanceof RequestFailed)) throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, options.concurrency) }, signUpWorker));
  log(`setup: ${shoppers.length} of ${options.concurrency} virtual users signed up`);
  return { shoppers, stats, seconds: (performance.now() - started) / 1000 };
}

/**
 * Signs up the virtual users, runs journeys for the warm-up (not counted) and then for the
 * measured duration, waits for the journeys in flight, and summarizes the measured ones.
 */
export async function runLoad(options: LoadOptions, log: (line: string) => void = () => undefined): Promise<LoadResult> {
  const api = new GatewayClient(options.target.replace(/\/+$/, ''), options.requestTimeoutMs);
  const setup = await signUpAll(api, options, log);
  const runInfo = {
    target: options.target,
    mode: options.rate === undefined ? ('concurrency' as const) : ('rate' as const),
    journey: options.journey,
    ...(options.rate === undefined ? {} : { targetRate: options.rate }),
    concurrency: options.concurrency,
    users: setup.shoppers.length,
    warmupSeconds: options.warmupSeconds,
  };
  const setupSummary = summarize(setup.stats, runInfo, setup.seconds);
  if (setup.shoppers.length === 0) {
    throw new Error(`no virtual user could sign up: ${JSON.stringify(setupSummary.errors)}`);
  }

  // Checkout alone buys from the in-stock skus of the first catalog page, read once.
  const skus = options.journey === 'checkout' ? await setup.shoppers[0]!.inStock(setup.stats) : undefined;
  const warmup = new Stats();
  const measured = new Stats();
  const startedAt = Date.now();
  const measureFrom = startedAt + options.warmupSeconds * 1000;
  let endAt = measureFrom + options.durationSeconds * 1000;
  options.stop?.addEventListener('abort', () => (endAt = Math.min(endAt, Date.now())), { once: true });
  // Every journey belongs to the phase it started in.
  const phaseStats = () => (Date.now() < measureFrom ? warmup : measured);
  log(`running: ${options.warmupSeconds}s warm-up, then ${options.durationSeconds}s measured`);

  if (options.rate === undefined) {
    await Promise.all(
      setup.shoppers.map(async (shopper) => {
        while (Date.now() < endAt) await runJourney(shopper, phaseStats(), skus);
      }),
    );
  } else {
    await openModel(setup.shoppers, options.rate, () => endAt, phaseStats, skus);
  }
  // A run stopped early measured until it was stopped.
  const measuredSeconds = Math.max(0, Math.min(options.durationSeconds, (endAt - measureFrom) / 1000));
  return { summary: summarize(measured, runInfo, measuredSeconds), setup: setupSummary };
}

/**
 * Starts journeys on a fixed schedule whatever the answers' latency (so a slow system cannot slow
 * the load down, which would hide its latency). A start that finds every user busy is counted
 * as missed rather than queued.
 */
async function openModel(shoppers: Shopper[], rate: number, endAt: () => number, phaseStats: () => Stats, skus: readonly string[] | undefined): Promise<void> {
  const idle = [...shoppers];
  const inFlight = new Set<Promise<void>>();
  const intervalMs = 1000 / rate;
  let nextStart = Date.now();
  while (nextStart < endAt()) {
    const stats = phaseStats();
    const shopper = idle.pop();
    if (shopper === undefined) {
      stats.missedStarts++;
    } else {
      const journey = runJourney(shopper, stats, skus).finally(() => {
        idle.push(shopper);
        inFlight.delete(journey);
      });
      inFlight.add(journey);
    }
    nextStart += intervalMs;
    const wait = nextStart - Date.now();
    if (wait > 0) await sleep(wait);
  }
  await Promise.all(inFlight);
}
