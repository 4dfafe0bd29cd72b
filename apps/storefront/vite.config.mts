import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

/**
 * The storefront's build (dist/apps/storefront, which the gateway serves at /) and its dev server,
 * which proxies /api to a running gateway (SHOP_API_URL, default the local one of `npm start`).
 */
export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: resolve(root, '../../dist/apps/storefront'),
    emptyOutDir: true,
    // Everything under assets/ has a content hash in its name: the gateway serves it as immutable.
    assetsDir: 'assets',
    sourcemap: true,
    // No inline scripts or styles: the gateway's Content-Security-Policy allows 'self' only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: {
    host: '127.0.0.1',
    port: 4200,
    strictPort: true,
    proxy: { '/api': { target: process.env['SHOP_API_URL'] ?? 'http://127.0.0.1:8080', changeOrigin: false } },
  },
});
