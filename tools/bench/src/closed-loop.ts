/** The run settings both benchmarks share, from the environment. */
export const settings = {
  seconds: Number(process.env['BENCH_SECONDS'] ?? 5),
  warmupSeconds: Number(process.env['BENCH_WARMUP_SECONDS'] ?? 1),
  concurrency: Number(process.env['BENCH_CONCURRENCY'] ?? 32),
};

/** Keeps `concurrency` calls in flight for `forSeconds` (closed loop); returns each call's latency in ms. */
export async function drive(call: () => Promise<unknown>, forSeconds: number, concurrency = settings.concurrency): Promise<number[]> {
  const latencies: number[] = [];
  const until = performance.now() + forSeconds * 1000;
  const worker = async () => {
    while (performance.now() < until) {
      const started = performance.now();
      await call();
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return latencies;
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
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { rate: latencies.length / seconds, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: latencies.at(-1) ?? 0 };
}
