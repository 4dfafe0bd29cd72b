import { withTimeout } from '@shop/context';
import type { Logger } from '@shop/logging';
import { Counter, type Registry } from '@shop/metrics';

export interface WorkerOptions {
  /** The `worker` label of its metrics; a failed run logs "<name> failed". */
  name: string;
  /** Pause between the end of one run and the start of the next (runs never overlap). */
  intervalMs: number;
  /**
   * Deadline of one run: every call, statement and Redis command in it is bounded by it. Omitted
   * when the run bounds each of its steps itself (a run of several batches, each with its deadline).
   */
  runTimeoutMs?: number;
  /** How long stopping waits for a run in progress; after that its work is left to the next start. */
  stopWaitMs?: number;
  /** One run; a failure is logged and counted, and the next run retries. */
  run(): Promise<unknown>;
}

export interface Worker {
  /** Stops scheduling and waits (bounded) for a run in progress. */
  stop(): Promise<void>;
}

/**
 * Background work on a timer, the same way in every app (order's recovery, inventory's sweeper):
 * each run under its own deadline, failures logged and counted in worker_runs_total, unref'd timers
 * (a worker never keeps a process alive), and a bounded stop. ServiceContext.startWorker starts one
 * and stops it on shutdown.
 */
export function startWorker(options: WorkerOptions, logger: Logger, registry: Registry): Worker {
  const runs =
    (registry.getSingleMetric('worker_runs_total') as Counter<'worker' | 'outcome'> | undefined) ??
    new Counter({
      name: 'worker_runs_total',
      help: 'Runs of background workers, by worker and outcome (ok or failed).',
      labelNames: ['worker', 'outcome'],
      registers: [registry],
    });
  for (const outcome of ['ok', 'failed']) runs.inc({ worker: options.name, outcome }, 0);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const runOnce = async () => {
    try {
      await (options.runTimeoutMs === undefined ? options.run() : withTimeout(options.runTimeoutMs, () => options.run()));
      runs.inc({ worker: options.name, outcome: 'ok' });
    } catch (error) {
      runs.inc({ worker: options.name, outcome: 'failed' });
      logger.warn({ err: error, worker: options.name }, `${options.name} failed`);
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runOnce().finally(() => {
        running = undefined;
        schedule();
      });
    }, options.intervalMs);
    timer.unref();
  };
  schedule();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      if (!running) return;
      let wait: NodeJS.Timeout | undefined;
      await Promise.race([running, new Promise((resolve) => (wait = setTimeout(resolve, options.stopWaitMs ?? 3_000)))]);
      clearTimeout(wait);
    },
  };
}

/**
 * A sweeper's run: batches of at most `batchSize`, each under its own deadline (so a slow batch
 * cannot hold its locks for long), taken while they come back full. `batch` returns how many it handled.
 */
export function inBatches(options: { batchSize: number; batchTimeoutMs: number; batch(limit: number): Promise<number> }): () => Promise<void> {
  return async () => {
    let handled: number;
    do {
      handled = await withTimeout(options.batchTimeoutMs, () => options.batch(options.batchSize));
    } while (handled === options.batchSize);
  };
}
