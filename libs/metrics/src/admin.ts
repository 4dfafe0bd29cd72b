import { raceBudget } from '@shop/context';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { DiagnosticsHandler } from './diagnostics';

export type Check = () => Promise<boolean> | boolean;

export interface AdminServerOptions {
  host: string;
  /** 0 picks a free port; the chosen one is returned. */
  port: number;
  registry: Registry;
  /** Can this instance take traffic now? Its own dependencies and shutdown only, never downstreams. */
  readiness: Check;
  /** Anything beyond "the event loop answers"; a wedged process never gets this far. */
  liveness?: Check;
  /** A check that has not answered by then counts as failed, so slow probes cannot pile up. */
  checkTimeoutMs?: number;
  /** Serves /debug/* (createDiagnostics); without it those paths are 404 like any unknown one. */
  diagnostics?: DiagnosticsHandler;
}

export interface AdminServer {
  port: number;
  close(): Promise<void>;
}

async function passes(check: Check, timeoutMs: number): Promise<boolean> {
  try {
    return (await raceBudget(Promise.resolve(check()), 'a readiness check', timeoutMs)) === true;
  } catch {
    return false;
  }
}

function reply(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

const JSON_TYPE = 'application/json';

/**
 * The admin port: GET /metrics, /healthz (liveness), /readyz (readiness). Kept apart from the
 * service port so probes and scrapes never queue behind traffic and are never exposed through
 * the gateway.
 */
export async function startAdminServer(options: AdminServerOptions): Promise<AdminServer> {
  const { registry, readiness, liveness, checkTimeoutMs = 2000, diagnostics } = options;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?', 1)[0];
    if (diagnostics && (await diagnostics(req, res, new URL(req.url ?? '/', 'http://admin')))) return;
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 404, JSON_TYPE, '{"error":"not found"}');
    switch (path) {
      case '/metrics':
        return reply(res, 200, registry.contentType, await registry.metrics());
      case '/healthz': {
        const ok = liveness === undefined || (await passes(liveness, checkTimeoutMs));
        return reply(res, ok ? 200 : 503, JSON_TYPE, ok ? '{"status":"ok"}' : '{"status":"unhealthy"}');
      }
      case '/readyz': {
        const ok = await passes(readiness, checkTimeoutMs);
        return reply(res, ok ? 200 : 503, JSON_TYPE, ok ? '{"status":"ready"}' : '{"status":"not ready"}');
      }
      default:
        return reply(res, 404, JSON_TYPE, '{"error":"not found"}');
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) reply(res, 500, JSON_TYPE, '{"error":"internal"}');
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Prometheus keeps scrape connections alive; do not wait for them to time out.
        server.closeAllConnections();
      }),
  };
}
