import type { Logger } from '@shop/logging';
import compression from 'compression';
import express, { type Express } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Vite names every file under assets/ by its content hash: a new build is new names. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Product images and the icon keep their names; a month, then a cheap revalidation by ETag. */
const LONG = 'public, max-age=2592000';
/** The page that names the current assets: always revalidated, so a deploy is seen at once. */
const REVALIDATE = 'no-cache';

/**
 * Serves the built storefront (apps/storefront) on the API's origin: no CORS, and the same strict
 * Content-Security-Policy (the build has no inline scripts). Registered after the API, so /api/* is
 * never the app's; any other GET of a path without a file extension answers index.html, so deep
 * links (/products/COF-001, /orders/…) work. Without a build in `dir` the gateway serves the API only.
 */
export function serveStorefront(app: Express, dir: string, logger: Logger): void {
  const index = join(dir, 'index.html');
  if (!dir || !existsSync(index)) {
    logger.info({ dir }, 'no storefront build here: serving the API only');
    return;
  }
  // gzip or brotli as the browser asks (the script is ~120 KB gzipped, ~380 KB not); the API's
  // responses are left as they are.
  const compress = compression();
  const files = (cacheControl: string) =>
    express.static(dir, { index: false, redirect: false, setHeaders: (res) => res.setHeader('Cache-Control', cacheControl) });
  // Routes rather than app.use, so the HTTP metrics label requests by these templates.
  app.get('/assets/{*file}', compress, files(IMMUTABLE));
  app.get('/images/{*file}', compress, files(LONG));
  app.get('/favicon.svg', compress, files(LONG));
  app.get('/{*path}', compress, (req, res, next) => {
    // API paths and missing files (a name with an extension) stay 404s, never the app's page.
    if (req.path === '/api' || req.path.startsWith('/api/') || /\.[^/]*$/.test(req.path)) return next();
    res.setHeader('Cache-Control', REVALIDATE);
    res.sendFile(index);
  });
  logger.info({ dir }, 'serving the storefront at /');
}
