import { defineConfig } from '@playwright/test';

// End-to-end tests drive Debian's Chromium (no browser download) against the real built server
// started on a fresh embedded database with demo data. Override the browser with CHROMIUM_PATH.
const port = Number(process.env.E2E_PORT ?? 3900);

export default defineConfig({
  testDir: 'e2e',
  // Generous limits: the suite shares small CI machines; every wait is on a condition, never a sleep.
  timeout: 120_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'zh-CN',
    // The UIs honour the system's reduce-motion setting: dialogs, popconfirms, dropdowns and pickers
    // open at once, so a click never lands on a pop-up still sliding into place (lost clicks in CI).
    reducedMotion: 'reduce',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: `node e2e/server.ts`,
    url: `http://127.0.0.1:${port}/readyz`,
    timeout: 120_000,
    reuseExistingServer: false,
    env: { PORT: String(port), HOST: '127.0.0.1', E2E_PORT: String(port) },
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
