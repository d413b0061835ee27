import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // oidc-provider 9 warns "Unsupported runtime" on Node < 22 each time a test file loads it; scripts/test.mjs
    // explains it once instead (the whole npm test runs on Node 20.19+ and on Node 24 in .ci/run).
    onConsoleLog: (log) => !log.startsWith('oidc-provider WARNING: Unsupported runtime'),
    projects: [
      {
        test: {
          name: 'client',
          root: 'packages/client',
          include: ['src/**/*.test.ts'],
          typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: '../../tsconfig.json' },
        },
      },
      {
        test: {
          name: 'testing',
          root: 'packages/testing',
          include: ['src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'web',
          root: 'packages/web',
          include: ['src/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'express',
          root: 'packages/express',
          include: ['src/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'fastify',
          root: 'packages/fastify',
          include: ['src/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'hono',
          root: 'packages/hono',
          include: ['src/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'mock-idp',
          root: 'mock-idp',
          include: ['src/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'examples',
          root: 'examples',
          include: ['*/src/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          root: 'test/e2e',
          include: ['**/*.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'integration',
          root: 'test',
          include: ['**/*.test.ts'],
          exclude: ['e2e/**', '**/node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          // Property-based fuzzing of every parser of outside input (docs/security.md); FUZZ_RUNS raises the runs.
          name: 'fuzz',
          include: ['packages/*/src/**/*.fuzz.ts'],
          testTimeout: 300_000,
          hookTimeout: 60_000,
        },
      },
    ],
    coverage: {
      provider: 'v8',
      include: ['packages/client/src/**/*.ts', 'packages/web/src/**/*.ts', 'packages/testing/src/**/*.ts'],
      exclude: ['**/*.test.ts', '**/*.test-d.ts', '**/*.fuzz.ts'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { 'packages/client/src/**': { lines: 90 } },
    },
  },
})
