// The gate is judged against a real Prometheus: the local system runner's, scraping the given targets.
import { startPrometheus as start, type RunningPrometheus, type ScrapeTarget } from '@shop/local-system';

export type { RunningPrometheus, ScrapeTarget };

/** A real Prometheus on a free loopback port, scraping `targets` every second; resolves once all are up. */
export function startPrometheus(targets: ScrapeTarget[]): Promise<RunningPrometheus> {
  return start({ targets });
}
