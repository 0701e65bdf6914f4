import { defineConfig } from 'vitest/config';

// Unit tests live beside the code; integration tests against real loopback peers live in e2e/integration;
// repository checks in e2e/checks. Playwright specs (e2e/specs) run separately (`npm run test:e2e`).
export default defineConfig({
  test: {
    environment: 'node',
    include: [
      'src-main/**/*.test.ts',
      'src-shared/**/*.test.ts',
      'src-renderer/**/*.test.{ts,tsx}',
      'e2e/integration/**/*.test.ts',
      'e2e/checks/**/*.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
