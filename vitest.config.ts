import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Real servers (Postgres, S3, HTTP) start per file; two cores, so keep parallelism modest.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: [
            'packages/*/src/**/*.test.ts',
            'services/*/src/**/*.test.ts',
            'services/*/test/**/*.test.ts',
            'infra/test/**/*.test.ts',
          ],
          exclude: [...configDefaults.exclude, 'services/frontend/**'],
          globalSetup: ['./test/global-setup.ts'],
        },
      },
      {
        // The web client's component tests, in a DOM (jsdom). Configured here rather than through the
        // client's vite.config.ts: this vitest runs on its own Vite, older than the client's.
        extends: true,
        esbuild: { jsx: 'automatic' },
        test: {
          name: 'web',
          include: ['services/frontend/src/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['./services/frontend/src/testing/setup-tests.ts'],
        },
      },
    ],
  },
});
