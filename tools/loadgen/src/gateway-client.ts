import type { Stats } from './stats';

/** A request that did not get an answer the journey can use; `kind` is what the report counts. */
export class RequestFailed extends Error {
  constructor(
    readonly step: string,
    readonly kind: string,
    /** From a 429's or 503's Retry-After, when it said. */
    readonly retryAfterSeconds?: number,
  ) {
    super(`${step}: ${kind}`);
  }
}

export interface CallOptions {
  token?: string;
  json?: unknown;
  headers?: Record<string, string>;
  /** Statuses the journey expects; anything else is an error of kind http_<status>. */
  expect: number[];
}

export interface Answer {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON from the API, read by the journey
  body: any;
}

/**
 * The gateway's HTTP API, through Node's built-in fetch (undici), whose global agent keeps
 * connections alive and reuses them. Every call is timed and counted in the given Stats (those of
 * the phase its journey started in).
 */
export class GatewayClient {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  async call(stats: Stats, step: string, method: string, path: string, options: CallOptions): Promise<Answer> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.token) headers['authorization'] = `Bearer ${options.token}`;
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    const started = performance.now();
    const elapsed = () => performance.now() - started;
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.baseUrl}/api/v1${path}`, {
        method,
        headers,
        body: options.json === undefined ? undefined : JSON.stringify(options.json),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      // The body is part of the latency: the request is not done until it has arrived.
      text = await response.text();
    } catch (error) {
      const kind = failureKind(error);
      stats.request(step, elapsed(), kind);
      throw new RequestFailed(step, kind);
    }
    if (!options.expect.includes(response.status)) {
      const kind = `http_${response.status}`;
      stats.request(step, elapsed(), kind);
      const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN);
      throw new RequestFailed(step, kind, Number.isFinite(retryAfter) ? retryAfter : undefined);
    }
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      stats.request(step, elapsed(), 'bad_json');
      throw new RequestFailed(step, 'bad_json');
    }
    stats.request(step, elapsed());
    return { status: response.status, headers: response.headers, body };
  }
}

function failureKind(error: unknown): string {
  const failure = error as Error & { cause?: { code?: string } };
  if (failure.name === 'TimeoutError') return 'timeout';
  return `network_${failure.cause?.code ?? 'error'}`;
}
