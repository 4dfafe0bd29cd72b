/** The run settings every part shares, from the environment; `--smoke` shrinks them to a fraction of a second per row. */
export const settings = smokeOr({
  seconds: Number(process.env['BENCH_SECONDS'] ?? 5),
  /** Rows measured side by side are driven in this many turns each (interleaved), ~1 s per turn by default. */
  rounds: Number(process.env['BENCH_ROUNDS'] ?? Math.max(1, Math.round(Number(process.env['BENCH_SECONDS'] ?? 5)))),
  warmupSeconds: Number(process.env['BENCH_WARMUP_SECONDS'] ?? 1),
  concurrency: Number(process.env['BENCH_CONCURRENCY'] ?? 32),
});

/**
 * Extra environment of every app the benchmark starts: `BENCH_APP_NODE_OPTIONS` (e.g.
 * `--max-semi-space-size=16`) measures a Node setting against a run without it.
 */
export const appEnv: Record<string, string> = process.env['BENCH_APP_NODE_OPTIONS'] ? { NODE_OPTIONS: process.env['BENCH_APP_NODE_OPTIONS'] } : {};

function smokeOr<T extends { seconds: number; rounds: number; warmupSeconds: number; concurrency: number }>(full: T): T & { smoke: boolean } {
  const smoke = process.argv.includes('--smoke');
  return smoke ? { ...full, seconds: 0.5, rounds: 1, warmupSeconds: 0.2, concurrency: 4, smoke } : { ...full, smoke };
}

export interface Driven {
  /** Each call's latency in ms, failures included. */
  latencies: number[];
  /** Failed calls by the message of their error. */
  errors: Record<string, number>;
}

/**
 * Keeps `concurrency` calls in flight for `forSeconds` (closed loop). With `spreadMs`, the workers'
 * first calls start that many milliseconds apart in all (evenly), instead of in the same instant.
 */
export async function drive(call: () => Promise<unknown>, forSeconds: number, concurrency = settings.concurrency, spreadMs = 0): Promise<Driven> {
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  const until = performance.now() + forSeconds * 1000;
  const worker = async (index: number) => {
    if (spreadMs > 0) await new Promise((resolve) => setTimeout(resolve, (index * spreadMs) / concurrency));
    while (performance.now() < until) {
      const started = performance.now();
      try {
        await call();
      } catch (error) {
        const kind = (error as Error).message;
        errors[kind] = (errors[kind] ?? 0) + 1;
      }
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)));
  return { latencies, errors };
}

export interface LatencySummary {
  rate: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Throughput over `seconds` and nearest-rank percentiles of the latencies (sorts them in place). */
export function summarize(latencies: number[], seconds: number): LatencySummary {
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return { rate: latencies.length / seconds, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: latencies.at(-1) ?? Number.NaN };
}

/**
 * One row of an interleaved measurement: its calls, and the processes whose CPU time it reports
 * per call, by figure name (e.g. `serverCpuUs`), each as the CPU seconds that process has used so far.
 */
export interface Subject {
  call: () => Promise<unknown>;
  processCpuSeconds?: Record<string, () => number>;
}

export interface Interleaved extends Driven {
  /** CPU time per completed call in microseconds, by the subject's figure names. */
  processCpuUs: Record<string, number>;
  /** The same for this (the client's) process. */
  clientCpuUs: number;
}

/**
 * Drives every subject for `settings.seconds` in all, in `settings.rounds` turns taken in order
 * (after one warm-up turn each), so that a machine whose load changes during the run weighs on
 * every row alike: rows measured together are compared within one run. Also counts the CPU each
 * call cost in each process named, a figure a busy machine disturbs much less than throughput.
 */
export async function driveInterleaved(subjects: Subject[]): Promise<Interleaved[]> {
  for (const subject of subjects) await drive(subject.call, settings.warmupSeconds);
  const totals = subjects.map((subject) => ({
    latencies: [] as number[],
    errors: {} as Record<string, number>,
    clientCpu: 0,
    processCpu: Object.fromEntries(Object.keys(subject.processCpuSeconds ?? {}).map((name) => [name, 0])),
  }));
  const slice = settings.seconds / settings.rounds;
  for (let round = 0; round < settings.rounds; round++) {
    for (const [index, subject] of subjects.entries()) {
      const total = totals[index]!;
      const processes = Object.entries(subject.processCpuSeconds ?? {});
      const before = processes.map(([, cpuSeconds]) => cpuSeconds());
      const clientBefore = process.cpuUsage();
      const { latencies, errors } = await drive(subject.call, slice);
      const client = process.cpuUsage(clientBefore);
      total.clientCpu += (client.user + client.system) / 1e6;
      processes.forEach(([name, cpuSeconds], at) => (total.processCpu[name]! += cpuSeconds() - before[at]!));
      for (const latency of latencies) total.latencies.push(latency);
      for (const [kind, count] of Object.entries(errors)) total.errors[kind] = (total.errors[kind] ?? 0) + count;
    }
  }
  return totals.map(({ latencies, errors, processCpu, clientCpu }) => {
    const perCallUs = (seconds: number) => (latencies.length === 0 ? Number.NaN : (seconds * 1e6) / latencies.length);
    return {
      latencies,
      errors,
      clientCpuUs: perCallUs(clientCpu),
      processCpuUs: Object.fromEntries(Object.entries(processCpu).map(([name, seconds]) => [name, perCallUs(seconds)])),
    };
  });
}
