import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
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
  headers: IncomingHttpHeaders;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON from the API, read by the journey
  body: any;
}

interface Exchange {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/**
 * The gateway's HTTP API through node:http with a keep-alive agent (connections reused across
 * journeys). Not fetch: the load generator shares the machine with what it measures, and fetch's
 * WHATWG layers (Headers, streams, Response) cost it about as much CPU per checkout as the payment
 * service spends. Every call is timed and counted in the given Stats (those of the phase its
 * journey started in).
 */
export class GatewayClient {
  private readonly base: URL;
  private readonly send: typeof httpRequest;
  private readonly agent: HttpAgent;

  constructor(
    baseUrl: string,
    private readonly timeoutMs: number,
  ) {
    this.base = new URL(baseUrl);
    const https = this.base.protocol === 'https:';
    this.send = https ? httpsRequest : httpRequest;
    this.agent = https ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  }

  async call(stats: Stats, step: string, method: string, path: string, options: CallOptions): Promise<Answer> {
    const body = options.json === undefined ? undefined : JSON.stringify(options.json);
    const headers: Record<string, string | number> = { accept: 'application/json', ...options.headers };
    if (options.token) headers['authorization'] = `Bearer ${options.token}`;
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(body);
    }
    const started = performance.now();
    const elapsed = () => performance.now() - started;
    let response: Exchange;
    try {
      // The body is part of the latency: the request is not done until it has arrived.
      response = await this.exchange(method, `${this.base.pathname.replace(/\/+$/, '')}/api/v1${path}`, headers, body);
    } catch (error) {
      const kind = failureKind(error);
      stats.request(step, elapsed(), kind);
      throw new RequestFailed(step, kind);
    }
    if (!options.expect.includes(response.status)) {
      const kind = `http_${response.status}`;
      stats.request(step, elapsed(), kind);
      const retryAfter = Number(response.headers['retry-after'] ?? Number.NaN);
      throw new RequestFailed(step, kind, Number.isFinite(retryAfter) ? retryAfter : undefined);
    }
    let parsed: unknown;
    try {
      parsed = response.text ? JSON.parse(response.text) : undefined;
    } catch {
      stats.request(step, elapsed(), 'bad_json');
      throw new RequestFailed(step, 'bad_json');
    }
    stats.request(step, elapsed());
    return { status: response.status, headers: response.headers, body: parsed };
  }

  private exchange(method: string, path: string, headers: Record<string, string | number>, body: string | undefined): Promise<Exchange> {
    return new Promise((resolve, reject) => {
      const request = this.send(
        { protocol: this.base.protocol, hostname: this.base.hostname, port: this.base.port, path, method, headers, agent: this.agent, signal: AbortSignal.timeout(this.timeoutMs) },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }
}

function failureKind(error: unknown): string {
  const failure = error as Error & { code?: string };
  // Only the timeout's signal aborts a request.
  if (failure.name === 'AbortError' || failure.name === 'TimeoutError') return 'timeout';
  return `network_${failure.code ?? 'error'}`;
}
