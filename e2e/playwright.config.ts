import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

/**
 * End-to-end: Debian's Chromium (the same engine major as the shipped Electron) drives the built renderer,
 * served on 127.0.0.1 by the headless host, which runs the real core on a throwaway profile.
 * Run: `npm run test:e2e` (or `npx playwright test --config e2e/playwright.config.ts`).
 * A default export because Playwright reads its configuration that way.
 */
const resultsDir = fileURLToPath(new URL('../test-results/e2e', import.meta.url));

export default defineConfig({
  testDir: './specs',
  outputDir: resultsDir,
  globalSetup: './fixtures/build-once.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  globalTimeout: 10 * 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    actionTimeout: 10_000,
    navigationTimeout: 20_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      // Without the networking switches Chromium keeps calling home, which a closed network turns into noise.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
});
