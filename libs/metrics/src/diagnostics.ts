import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Session } from 'node:inspector/promises';
import { getHeapSnapshot } from 'node:v8';
import { pipeline } from 'node:stream/promises';

/**
 * What pprof gives a Go service, for Node, on the admin port only:
 *   GET /debug/cpu-profile?seconds=N   a V8 CPU profile (.cpuprofile, opens in Chrome DevTools)
 *   GET /debug/heap-snapshot           a V8 heap snapshot (.heapsnapshot, DevTools' Memory tab)
 *   GET /debug/log-level               {"level": "..."}
 *   PUT /debug/log-level?level=debug   changes the level of every logger from now on, no restart
 * Every request needs `Authorization: Bearer <token>` (401 otherwise). The admin server answers
 * 404 under /debug/ when diagnostics are not configured at all.
 */
export interface DiagnosticsOptions {
  /** The bearer token (from a Secret). Compared in constant time. */
  token: string;
  /** The service's name, used in the downloaded files' names. */
  service: string;
  logLevel: { get(): string; set(level: string): void; levels: readonly string[] };
  /** Upper bound for ?seconds= (a profile holds one admin connection that long). Default 120. */
  maxProfileSeconds?: number;
}

/** Answers a request under /debug/ (returns true) or leaves it to the caller (false). */
export type DiagnosticsHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

export const DIAGNOSTICS_PREFIX = '/debug/';
/** Tokens shorter than this are refused at start-up: a guessable token guards nothing. */
export const MIN_TOKEN_LENGTH = 16;

export function createDiagnostics(options: DiagnosticsOptions): DiagnosticsHandler {
  if (options.token.length < MIN_TOKEN_LENGTH) {
    throw new Error(`the diagnostics token must have at least ${MIN_TOKEN_LENGTH} characters`);
  }
  const expected = digest(options.token);
  const maxSeconds = options.maxProfileSeconds ?? 120;
  let profiling = false;

  const authorized = (req: IncomingMessage) => {
    const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    return given !== undefined && timingSafeEqual(digest(given), expected);
  };

  return async (req, res, url) => {
    if (!url.pathname.startsWith(DIAGNOSTICS_PREFIX)) return false;
    if (!authorized(req)) {
      json(res, 401, { error: 'a bearer token is required' }, { 'www-authenticate': 'Bearer realm="diagnostics"' });
      return true;
    }
    const route = `${req.method} ${url.pathname}`;
    switch (route) {
      case 'GET /debug/cpu-profile': {
        const seconds = Number(url.searchParams.get('seconds') ?? '10');
        if (!Number.isInteger(seconds) || seconds < 1 || seconds > maxSeconds) {
          json(res, 400, { error: `seconds must be an integer from 1 to ${maxSeconds}` });
        } else if (profiling) {
          json(res, 409, { error: 'a CPU profile is already being taken' });
        } else {
          profiling = true;
          try {
            const profile = await cpuProfile(seconds, res);
            if (profile !== undefined) download(res, `${fileStem(options.service)}.cpuprofile`, JSON.stringify(profile));
          } finally {
            profiling = false;
          }
        }
        return true;
      }
      case 'GET /debug/heap-snapshot':
        res.writeHead(200, {
          'content-type': 'application/json',
          'content-disposition': `attachment; filename="${fileStem(options.service)}.heapsnapshot"`,
          'cache-control': 'no-store',
        });
        // Taking the snapshot pauses this process's event loop (seconds for a large heap).
        await pipeline(getHeapSnapshot(), res);
        return true;
      case 'GET /debug/log-level':
        json(res, 200, { level: options.logLevel.get() });
        return true;
      case 'PUT /debug/log-level': {
        const level = url.searchParams.get('level') ?? '';
        if (!options.logLevel.levels.includes(level)) {
          json(res, 400, { error: `level must be one of ${options.logLevel.levels.join(', ')}` });
        } else {
          const previous = options.logLevel.get();
          options.logLevel.set(level);
          json(res, 200, { level, previous });
        }
        return true;
      }
      default:
        json(res, 404, { error: 'not found' });
        return true;
    }
  };
}

/** Samples the CPU for `seconds`; stops early (undefined) if the client goes away. */
async function cpuProfile(seconds: number, res: ServerResponse): Promise<object | undefined> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    const gone = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), seconds * 1000);
      res.once('close', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    const { profile } = await session.post('Profiler.stop');
    return gone ? undefined : profile;
  } finally {
    session.disconnect();
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function fileStem(service: string): string {
  return `${service}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
}

function download(res: ServerResponse, filename: string, body: string): void {
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-disposition': `attachment; filename="${filename}"`,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}

function json(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...headers });
  res.end(text);
}
