// One lint config for the whole monorepo. Type-aware rules are errors: a floating promise or a
// non-exhaustive switch over a union is a bug, not a style question.
import eslint from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.finplat/**', 'coverage/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through @finplat/config (loadConfig), parsed once at start-up.',
        },
      ],
    },
  },
  {
    // The web client: rules of hooks (and the React Compiler's checks) on top of the type-aware rules.
    files: ['services/frontend/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat['recommended-latest']],
    rules: { 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // The API reads Postgres only: no ingestion/data-platform code, no HTTP clients (boundaries.test.ts checks the same).
    files: ['services/app-api/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/data-platform/**',
                '@finplat/data-platform',
                '@finplat/data-platform/**',
                '**/ingestion/**',
              ],
              message: 'The API never imports ingestion or data-platform code: read gold from Postgres.',
            },
          ],
          paths: [
            'node:http2',
            'node:https',
            'node:net',
            'node:tls',
            'undici',
            'axios',
            'node-fetch',
            'got',
          ].map((name) => ({
            name,
            message: 'The API never calls an external host.',
          })),
        },
      ],
    },
  },
  {
    // The one place that reads the environment.
    files: ['packages/config/src/config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
