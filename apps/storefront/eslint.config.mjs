import reactHooks from 'eslint-plugin-react-hooks';
import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  // The rules of hooks, and React Compiler-era checks (refs during render, effects that set state).
  { files: ['src/**/*.ts', 'src/**/*.tsx'], ...reactHooks.configs.flat['recommended-latest'] },
  {
    // Browser tests assert on what they just checked, as the other tests do.
    files: ['e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
