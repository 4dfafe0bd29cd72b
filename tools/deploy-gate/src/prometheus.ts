import { setTimeout as sleep } from 'node:timers/promises';

/** Prometheus could not answer a query (down, timing out, or rejecting it): the gate cannot judge. */
export class PrometheusError extends Error {
  override readonly name = 'PrometheusError';
}

export interface PrometheusOptions {
  url: string;
  timeoutMs: number;
  /** Attempts per query, the first included. */
  attempts: number;
  /** Delay before the second attempt; doubled for each further one. */
  backoffMs: number;
}

interface ApiAnswer {
  status: 'success' | 'error';
  errorType?: string;
  error?: string;
  data?: { resultType: string; result: unknown };
}

type Sample = [number, string];

/** Why an attempt failed, and whether another attempt could do better. */
class AttemptFailure extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** A client of Prometheus's HTTP API (/api/v1/query) with a timeout per request and bounded retries. */
export class PrometheusClient {
  constructor(private readonly options: PrometheusOptions) {}

  /**
   * The value of an instant query at `time` (unix seconds): undefined when it answers no series or
   * NaN (nothing to measure); a PrometheusError when it cannot answer or answers several series.
   */
  async value(query: string, time: number): Promise<number | undefined> {
    const data = await this.query(query, time);
    let samples: Sample[];
    if (data.resultType === 'scalar') samples = [data.result as Sample];
    else if (data.resultType === 'vector') samples = (data.result as Array<{ value: Sample }>).map((series) => series.value);
    else throw new PrometheusError(`${query}: expected an instant vector or scalar, got a ${data.resultType}`);
    if (samples.length > 1) {
      throw new PrometheusError(`${query}: answered ${samples.length} series; aggregate it to one (e.g. with sum or max)`);
    }
    const value = samples[0] === undefined ? undefined : Number(samples[0][1]);
    return value === undefined || Number.isNaN(value) ? undefined : value;
  }

  private async query(query: string, time: number): Promise<NonNullable<ApiAnswer['data']>> {
    const failures: string[] = [];
    for (let attempt = 1; attempt <= this.options.attempts; attempt++) {
      if (attempt > 1) await sleep(this.options.backoffMs * 2 ** (attempt - 2));
      try {
        return await this.attempt(query, time);
      } catch (error) {
        if (!(error instanceof AttemptFailure)) throw error;
        failures.push(`attempt ${attempt}: ${error.message}`);
        if (!error.retryable) break;
      }
    }
    throw new PrometheusError(`Prometheus at ${this.options.url} could not answer ${query}\n  ${failures.join('\n  ')}`);
  }

  private async attempt(query: string, time: number): Promise<NonNullable<ApiAnswer['data']>> {
    let response: Response;
    try {
      // POST: long queries do not run into URL length limits.
      response = await fetch(new URL('api/v1/query', withSlash(this.options.url)), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ query, time: String(time), timeout: `${Math.ceil(this.options.timeoutMs / 1000)}s` }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      const reason = error as Error & { cause?: { code?: string; message?: string } };
      const detail = reason.name === 'TimeoutError' ? `no answer within ${this.options.timeoutMs} ms` : (reason.cause?.code ?? reason.cause?.message ?? reason.message);
      throw new AttemptFailure(detail, true);
    }
    let answer: ApiAnswer | undefined;
    try {
      answer = (await response.json()) as ApiAnswer;
    } catch {
      answer = undefined;
    }
    if (response.ok && answer?.status === 'success' && answer.data) return answer.data;
    const detail = `HTTP ${response.status}${answer?.error ? ` ${answer.errorType}: ${answer.error}` : ''}`;
    // 400/422 is a bad query, 404 a wrong URL: asking again gets the same answer. Overload and
    // server errors may pass.
    throw new AttemptFailure(detail, response.status === 429 || response.status >= 500);
  }
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
