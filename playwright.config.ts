import { defineConfig } from "@playwright/test";

/*
 * Debian's Chromium, not a Playwright-downloaded browser (this machine cannot download one).
 * The background-networking flags keep Chromium from dialling out on a closed network.
 */
export default defineConfig({
  testDir: "tests/e2e",
  timeout: 60_000,
  workers: 1,
  retries: 0,
  outputDir: "test-results/e2e",
  globalSetup: "./tests/e2e/global-setup.ts",
  use: {
    headless: true,
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.KOSHA_CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
});
