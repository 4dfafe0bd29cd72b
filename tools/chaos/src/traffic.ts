// The traffic a fault is judged by: the load generator (tools/loadgen, its own process) running
// shopping journeys for as long as the fault lasts, and a prober that measures recovery.
import { inheritedEnv, startProcess } from '@shop/local-system';
import { randomBytes, randomUUID } from 'node:crypto';

/** Answers counted the same way for every source of requests. */
export class Tally {
  requests = 0;
  /** Status → count, for every 5xx. */
  readonly serverErrors = new Map<number, number>();
  /** Timeouts and refused or reset connections: no HTTP answer at all. */
  noAnswer = 0;

  count(status: number | 'no answer', times = 1): void {
    this.requests += times;
    if (status === 'no answer') this.noAnswer += times;
    else if (status >= 500) this.serverErrors.set(status, (this.serverErrors.get(status) ?? 0) + times);
  }

  add(other: Tally): void {
    this.requests += other.requests;
    this.noAnswer += other.noAnswer;
    for (const [status, count] of other.serverErrors) this.serverErrors.set(status, (this.serverErrors.get(status) ?? 0) + count);
  }
}

interface LoadgenSummary {
  requests: number;
  failedRequests: number;
  errors: Record<string, number>;
}

export interface RunningLoad {
  /** Ends the run (SIGTERM: journeys in flight finish) and counts what it saw. */
  stop(): Promise<Tally>;
}

/** The load generator against the gateway, closed model, until stopped; resolves once its journeys run. */
export async function startLoad(loadgen: string, target: string, users: number): Promise<RunningLoad> {
  const child = startProcess({
    name: 'loadgen',
    command: process.execPath,
    args: [loadgen, '--target', target, '--concurrency', String(users), '--warmup', '0s', '--duration', '1h', '--request-timeout', '12s', '--json'],
    env: inheritedEnv(),
  });
  await child.waitForLine((line) => line.startsWith('loadgen: running:'), 120_000);
  return {
    async stop() {
      child.signal('SIGTERM');
      const exit = await child.exited;
      const stdout = child.lines.filter((line) => line.stream === 'stdout').map((line) => line.text).join('\n');
      if (exit.code === 2 || !stdout) throw new Error(`loadgen exited ${JSON.stringify(exit)}:\n${child.output()}`);
      const { summary } = JSON.parse(stdout) as { summary: LoadgenSummary };
      const tally = new Tally();
      tally.count(200, summary.requests - summary.failedRequests);
      for (const [kind, count] of Object.entries(summary.errors)) {
        const status = /: http_(\d+)$/.exec(kind)?.[1];
        if (status) tally.count(Number(status), count);
        else if (/: (timeout|network_\w+)$/.test(kind)) tally.count('no answer', count);
        // journey errors (an approved card that did not confirm) are not requests
      }
      return tally;
    },
  };
}

export interface Account {
  email: string;
  password: string;
  token: string;
}

/** A new account of the shop, registered and logged in. */
export async function signUp(gatewayUrl: string, name: string): Promise<Account> {
  const credentials = { email: `${name}.${randomBytes(6).toString('hex')}@example.com`, password: `Pw-${randomBytes(12).toString('base64url')}` };
  const post = (path: string) =>
    fetch(`${gatewayUrl}/api/v1/auth/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(credentials) });
  const registered = await post('register');
  if (registered.status !== 202) throw new Error(`${name} could not register: ${registered.status} ${await registered.text()}`);
  const login = await post('login');
  if (login.status !== 200) throw new Error(`${name} could not log in: ${login.status} ${await login.text()}`);
  return { ...credentials, token: ((await login.json()) as { accessToken: string }).accessToken };
}

const YEAR = new Date().getUTCFullYear() + 3;
const CARD = { number: '4242424242424242', expMonth: 12, expYear: YEAR, cvc: '123', holderName: 'Chaos Prober' };

/**
 * A shopper that checks, after a fault, how long each part of the shop takes to answer again: the
 * catalog, the cart, the order history and a checkout.
 */
export class Prober {
  tally = new Tally();
  private constructor(
    private readonly api: string,
    private readonly token: string,
  ) {}

  static async start(gatewayUrl: string): Promise<Prober> {
    return new Prober(`${gatewayUrl}/api/v1`, (await signUp(gatewayUrl, 'prober')).token);
  }

  /**
   * Seconds from `since` (epoch ms, the end of the fault) until every probe has answered
   * successfully at least once (NaN when one has not within `timeoutMs`), and the last to do so.
   */
  async recovery(since: number, timeoutMs = 60_000): Promise<{ seconds: number; slowest: string }> {
    const pending = new Set(Object.keys(this.probes()));
    let last = since;
    let slowest = '';
    const deadline = Date.now() + timeoutMs;
    while (pending.size > 0) {
      if (Date.now() > deadline) return { seconds: Number.NaN, slowest: [...pending].join(', ') };
      const probes = this.probes();
      await Promise.all(
        Object.entries(probes).filter(([name]) => pending.has(name)).map(async ([name, probe]) => {
          if (await probe()) {
            pending.delete(name);
            if (Date.now() >= last) [last, slowest] = [Date.now(), name];
          }
        }),
      );
      if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return { seconds: (last - since) / 1000, slowest };
  }

  private probes(): Record<string, () => Promise<boolean>> {
    return {
      catalog: () => this.ok('GET', '/products?pageSize=5'),
      cart: () => this.ok('GET', '/cart'),
      orders: () => this.ok('GET', '/orders?pageSize=1'),
      checkout: async () =>
        (await this.ok('PUT', '/cart/items/BOK-001', { quantity: 1 })) &&
        this.ok('POST', '/orders', { card: CARD }, { 'Idempotency-Key': randomUUID() }),
    };
  }

  private async ok(method: string, path: string, json?: unknown, headers: Record<string, string> = {}): Promise<boolean> {
    try {
      const response = await fetch(`${this.api}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.token}`, ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: json === undefined ? undefined : JSON.stringify(json),
        signal: AbortSignal.timeout(12_000),
      });
      await response.arrayBuffer();
      this.tally.count(response.status);
      return response.ok;
    } catch {
      this.tally.count('no answer');
      return false;
    }
  }
}
