import nx from '@nx/eslint-plugin';

// The architecture as lint rules. Apps and tools depend on libs only, libs never on apps; the libs
// are layered: context, config, logging, metrics, tracing, ratelimit, breakers at the bottom
// (layer:base); db, redis and rpc above them (layer:io); service on top (layer:service). Layers bind
// production code: a test is a leaf nothing imports, so it may exercise its lib together with the
// libs that configure it in production (breakers with rpc's failure rule). @shop/testing
// (type:testing) and the local system runner (type:runner) stay out of production code: only tests,
// scripts and tools may use them. scripts/test/module-boundaries.test.ts plants violations and
// checks that these rules catch them.
const layers = [
  { sourceTag: 'layer:base', onlyDependOnLibsWithTags: ['layer:base'] },
  { sourceTag: 'layer:io', onlyDependOnLibsWithTags: ['layer:base', 'layer:io'] },
  { sourceTag: 'layer:service', onlyDependOnLibsWithTags: ['layer:base', 'layer:io'] },
];
const boundaries = (extra) => [
  'error',
  {
    enforceBuildableLibDependency: true,
    allow: [],
    depConstraints: [
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', ...extra] },
      { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', ...extra] },
      ...layers.map((layer) => ({ ...layer, onlyDependOnLibsWithTags: [...layer.onlyDependOnLibsWithTags, ...extra] })),
      { sourceTag: 'type:runner', onlyDependOnLibsWithTags: ['layer:base'] },
      { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib', 'type:runner'] },
      { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:runner', 'type:testing'] },
    ],
  },
];
const TESTS = ['**/test/**/*.ts', '**/e2e/**/*.ts', '**/*.test.ts', '**/*.spec.ts'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '**/generated/**', '**/vitest.config.mts'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries([]),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests may use the harness and the runner wherever they are; production code never.
    files: TESTS,
    rules: {
      '@nx/enforce-module-boundaries': boundaries(['type:testing', 'type:runner', 'layer:io', 'layer:service']),
      // Tests assert on shapes they just checked; `!` there says "the previous expect holds".
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
];
