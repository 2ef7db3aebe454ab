// Playwright end-to-end tests for 支部台账. Runs Debian's Chromium (/usr/bin/chromium); never run
// `npx playwright install` (it downloads a browser, which this environment forbids).
// The app is served from dist/ (build it first: `node scripts/build.mjs --release`, or just run scripts/test.sh).
import { defineConfig } from "@playwright/test";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const port = Number(process.env.E2E_PORT || 4173);
const baseURL = `http://127.0.0.1:${port}`;
// The built app to serve: dist/ unless E2E_DIST names another build (`node scripts/build.mjs --release --out DIR`).
const dist = process.env.E2E_DIST || "dist";
// The CouchDB-compatible server behind /couchdb/ (scripts/couch-server.mjs: pouchdb-server, on disk in a
// temporary directory so a test may restart it with its data kept): on E2E_COUCH_PORT, or on a free port it
// picks itself. Its ready line gives its URL and pid, which Playwright puts into E2E_COUCH_URL and
// E2E_COUCH_PID for the static server's command and the tests (tests/e2e/couch.ts).
const couchPort = process.env.E2E_COUCH_PORT || "auto";

// Flags that keep headless Chromium off the (closed) network; shared with scripts/screenshot.mjs.
export const CHROMIUM_ARGS: string[] = JSON.parse(
  readFileSync(join(__dirname, "scripts", "chromium-args.json"), "utf8"),
);

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: /.*\.spec\.ts$/,
  outputDir: "tests/e2e/artifacts/results",
  // Generous: two cores shared with compilers; each page load compiles the wasm again.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: Number(process.env.E2E_WORKERS || 2),
  reporter: [["list"]],
  use: {
    baseURL,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    serviceWorkers: "allow",
    launchOptions: {
      executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
      args: CHROMIUM_ARGS,
    },
  },
  projects: [
    {
      name: "desktop",
      use: { browserName: "chromium", viewport: { width: 1280, height: 800 } },
    },
    {
      name: "phone",
      // HTTP-level tests of the couch server and proxy: no page, nothing a phone changes.
      testIgnore: /couch-gate\.spec\.ts$/,
      use: {
        browserName: "chromium",
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      },
    },
  ],
  webServer: [
    {
      name: "couch",
      command: `node scripts/couch-server.mjs --port ${couchPort} --persist`,
      wait: { stdout: /couch-server ready: (?<e2e_couch_url>http:\/\/[\d.]+:\d+) \(pid (?<e2e_couch_pid>\d+)/ },
      reuseExistingServer: false,
      timeout: 30_000,
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      name: "app",
      // /couchdb/ goes to that server through scripts/couch-proxy.mjs, with CouchDB 3's access rules (gate) and
      // the tests' controls (/__test/couch).
      command: `node scripts/serve-dist.mjs --dir ${dist} --port ${port} --couch "$E2E_COUCH_URL" --couch-gate --test-controls`,
      url: `${baseURL}/index.html`,
      reuseExistingServer: false,
      timeout: 20_000,
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
