import { ApiError, errorFromResponse, NetworkError } from './problems';

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  /** Sends the session's Bearer token; a 401 then tells the onUnauthenticated listeners. */
  auth?: boolean;
  /** Gives up (as a NetworkError) after this long; the gateway's own budget is shorter. */
  timeoutMs?: number;
}

export interface ApiResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

export interface ApiClientOptions {
  /** '' in the browser: the API is on the storefront's own origin. */
  baseUrl?: string;
  /** The access token for the next authenticated call (refreshed first when it is about to expire). */
  token(): string | undefined | Promise<string | undefined>;
  /** Asked once when the API refuses a token: true when a new one is in place and the call may be retried. */
  refresh?(): Promise<boolean>;
  fetch?: typeof fetch;
}

/** fetch for the gateway's /api/v1: JSON in and out, Bearer auth, every failure an ApiError. */
export class ApiClient {
  private readonly unauthenticated = new Set<() => void>();

  constructor(private readonly options: ApiClientOptions) {}

  /** Calls `listener` whenever an authenticated call finds the session over (no token, or refused). */
  onUnauthenticated(listener: () => void): () => void {
    this.unauthenticated.add(listener);
    return () => {
      this.unauthenticated.delete(listener);
    };
  }

  async request<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    try {
      return await this.send<T>(path, options);
    } catch (error) {
      // A refused token may only have expired: refresh once and retry, else the session is over.
      if (!(error instanceof ApiError && error.status === 401 && options.auth)) throw error;
      if (this.options.refresh && (await this.options.refresh())) return this.send<T>(path, options, true);
      this.sessionOver();
      throw error;
    }
  }

  private async send<T>(path: string, options: RequestOptions, retried = false): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.auth) {
      const token = await this.options.token();
      // No session: answered like a refused token (request() then tries a refresh or ends the session).
      if (!token) throw new ApiError(401, 'unauthenticated', { title: 'Unauthenticated' });
      headers['authorization'] = `Bearer ${token}`;
    }
    const doFetch = this.options.fetch ?? fetch;
    let response: Response;
    try {
      response = await doFetch(`${this.options.baseUrl ?? ''}/api/v1${path}`, {
        method: options.method ?? 'GET',
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      throw new NetworkError(error);
    }
    if (!response.ok) {
      const error = await errorFromResponse(response);
      if (error.status === 401 && options.auth && retried) this.sessionOver();
      throw error;
    }
    const body = (response.status === 204 ? undefined : await response.json()) as T;
    return { status: response.status, body, headers: response.headers };
  }

  private sessionOver(): void {
    for (const listener of this.unauthenticated) listener();
  }
}
