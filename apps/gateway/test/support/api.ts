import { randomBytes, randomInt } from 'node:crypto';

/** A fetch-based client of one running gateway; every call answers status, headers and parsed body. */
export class Api {
  constructor(readonly baseUrl: string) {}

  async call(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers['Authorization'] = `Bearer ${options.token}`;
    if (options.clientIp) headers['X-Forwarded-For'] = options.clientIp;
    let body: string | undefined = options.rawBody;
    if (options.json !== undefined) body = JSON.stringify(options.json);
    if (body !== undefined) headers['Content-Type'] ??= 'application/json';
    const response = await fetch(this.baseUrl + path, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = undefined;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: response.status, headers: response.headers, body: parsed as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  }

  get = (path: string, options?: CallOptions) => this.call('GET', path, options);
  post = (path: string, options?: CallOptions) => this.call('POST', path, options);
  put = (path: string, options?: CallOptions) => this.call('PUT', path, options);
  delete = (path: string, options?: CallOptions) => this.call('DELETE', path, options);
}

export interface CallOptions {
  token?: string;
  json?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  /** Sent as X-Forwarded-For, which the gateway believes from loopback in these tests (TRUST_PROXY). */
  clientIp?: string;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read the shapes they assert
  body: any;
}

/** A client address of its own, so rate-limit counters of different tests never meet. */
export function uniqueIp(): string {
  return `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
}

export function uniqueEmail(name = 'shopper'): string {
  return `${name}.${randomBytes(5).toString('hex')}@example.com`;
}

/** Meets the user service's password policy. */
export function strongPassword(): string {
  return `Pw-${randomBytes(9).toString('base64url')}`;
}

export const PROBLEM = (kind: string) => `https://shop.example/problems/${kind}`;

const YEAR = new Date().getUTCFullYear() + 3;
export const cards = {
  approved: { number: '4242424242424242', expMonth: 12, expYear: YEAR, cvc: '123', holderName: 'Ada Lovelace' },
  declined: { number: '4000000000000002', expMonth: 12, expYear: YEAR, cvc: '123', holderName: 'Ada Lovelace' },
};
