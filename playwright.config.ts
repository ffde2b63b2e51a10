import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive Debian's Chromium (/usr/bin/chromium, `apt-get install chromium`);
 * no browser is ever downloaded. The app is served from a production build.
 */
/** E2E_PORT lets several checkouts run their end-to-end tests side by side. */
const port = Number(process.env.E2E_PORT ?? 4173);
const origin = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  // The first simulation and Monaco's lazy load take seconds on a loaded 2-core machine: waits
  // get room (a passing test is not slowed; only a failing one waits longer).
  expect: { timeout: 15_000 },
  workers: 1,
  reporter: 'list',
  use: {
    baseURL: origin,
    screenshot: 'on',
    // The built app registers a service worker (offline use, src/pwa/). It would answer requests
    // the specs route or hold (Playwright cannot route what a service worker answers) and precache
    // the whole build in every test; only e2e/offline.spec.ts, which tests it, lets it run.
    serviceWorkers: 'block',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
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
  webServer: {
    command: `npx vite build && npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
    url: origin,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
});
