import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;
const { compilerOptions } = JSON.parse(readFileSync(resolve(root, 'tsconfig.base.json'), 'utf8')) as {
  compilerOptions: { paths: Record<string, string[]> };
};
// Exact matches, so that `@shop/rpc` does not also capture `@shop/rpc/testing`; `*` maps a subpath.
const alias = Object.entries(compilerOptions.paths).map(([name, [target]]) => ({
  find: new RegExp(`^${name.replace(/[/.]/g, '\\$&').replace('*', '(.*)')}$`),
  replacement: resolve(root, target!).replace('*', '$1'),
}));

/** The one Vitest setup every project uses: workspace aliases, real Postgres/Redis from the harness. */
export function projectTestConfig(projectRoot: string, options: { timeoutMs?: number } = {}) {
  const name = projectRoot.split('/').slice(-1)[0];
  return defineConfig({
    root: projectRoot,
    resolve: { alias },
    test: {
      name,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      environment: 'node',
      watch: false,
      globalSetup: [resolve(root, 'libs/testing/src/global-setup.ts')],
      testTimeout: options.timeoutMs ?? 30_000,
      hookTimeout: 60_000,
      pool: 'forks',
      // `npm test` collects one JSON report per project for its closing summary.
      reporters: process.env['SHOP_TEST_RESULTS_DIR']
        ? ['default', ['json', { outputFile: resolve(process.env['SHOP_TEST_RESULTS_DIR'], `${name}.json`) }]]
        : ['default'],
    },
  });
}
