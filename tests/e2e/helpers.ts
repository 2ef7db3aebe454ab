// Shared helpers for 支部台账's Playwright journeys.
//
// Use `test` and `expect` from this file instead of "@playwright/test": every test then gets
//  - a fresh browser context (Playwright's default: its own empty IndexedDB, nothing shared between tests),
//  - a guard that fails the test if the page logs a console error, throws, violates the CSP, or makes a
//    request to any origin other than the local test server (the app must never go on the network).
// Opt out per file when a test expects an error: `test.use({ allowConsoleErrors: [/无法打开/] })`.
//
//   import { test, expect, openApp, navTo, shot, NAV } from "./helpers";
//   test("…", async ({ page }, testInfo) => {
//     await openApp(page, "/members");
//     await shot(page, testInfo, "members-empty");
//   });
import { test as base, expect, type Browser, type Page, type TestInfo, type Request } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

export { expect };

/** The main navigation, in order: label and path. Keep in sync with `NAV` in src/ui/mod.rs. */
export const NAV: ReadonlyArray<readonly [string, string]> = [
  ["概览", "/"],
  ["活动记录", "/activities"],
  ["党员", "/members"],
  ["学习计划", "/study"],
  ["日程", "/schedule"],
  ["我的", "/my"],
  ["统计", "/stats"],
  ["数据", "/data"],
];

/** Where screenshots go (gitignored). */
export const ARTIFACTS = join(__dirname, "artifacts");

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** True when a request stays on this machine (the test server, data: or blob: URLs). */
export function isLocalRequest(url: string): boolean {
  if (url.startsWith("data:") || url.startsWith("blob:") || url.startsWith("about:")) return true;
  try {
    const u = new URL(url);
    return LOCAL_HOSTS.has(u.hostname);
  } catch {
    return false;
  }
}

/** Records console errors, page errors and non-local requests of a page (and its context). */
export class PageGuard {
  readonly consoleErrors: string[] = [];
  readonly pageErrors: string[] = [];
  readonly externalRequests: string[] = [];

  constructor(private readonly page: Page) {
    // CSP violations are also logged to the console; this catches them even when a message is not.
    void page.addInitScript(() => {
      const w = window as unknown as { __cspViolations: string[] };
      w.__cspViolations = [];
      document.addEventListener("securitypolicyviolation", (e) =>
        w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    page.on("console", (msg) => {
      if (msg.type() === "error") this.consoleErrors.push(msg.text());
    });
    page.on("pageerror", (err) => this.pageErrors.push(String(err)));
    page.context().on("request", (req: Request) => {
      if (!isLocalRequest(req.url())) this.externalRequests.push(`${req.method()} ${req.url()}`);
    });
  }

  /** Console errors not matched by any of `allowed`. */
  unexpectedConsoleErrors(allowed: RegExp[] = []): string[] {
    return this.consoleErrors.filter((e) => !allowed.some((re) => re.test(e)));
  }

  /** CSP violations reported in the page's current document. */
  async cspViolations(): Promise<string[]> {
    if (this.page.isClosed()) return [];
    return this.page
      .evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [])
      .catch(() => []);
  }

  /** Asserts: no console errors (except allowed ones), no uncaught exceptions, no network beyond 127.0.0.1. */
  assertClean(allowed: RegExp[] = []): void {
    expect(this.externalRequests, "requests to non-local origins").toEqual([]);
    // A Rust panic reaches the page as "RuntimeError: unreachable"; its message is in the console
    // (console_error_panic_hook), so name both here.
    expect(this.pageErrors, `uncaught page errors; console errors: ${JSON.stringify(this.consoleErrors)}`).toEqual([]);
    expect(this.unexpectedConsoleErrors(allowed), "console errors (incl. CSP violations)").toEqual([]);
  }
}

type Fixtures = {
  /** Console errors matching any of these don't fail the test. */
  allowConsoleErrors: RegExp[];
  /** The guard for the default `page`; checked automatically after each test. */
  guard: PageGuard;
};

export const test = base.extend<Fixtures>({
  allowConsoleErrors: [[], { option: true }],
  guard: [
    async ({ page, allowConsoleErrors }, use) => {
      const guard = new PageGuard(page);
      await use(guard);
      expect(await guard.cspViolations(), "CSP violations").toEqual([]);
      guard.assertClean(allowConsoleErrors);
    },
    { auto: true },
  ],
});

/**
 * Opens the app at `path` (default "/") and waits until it has booted: navigation shown and the
 * "正在打开本地数据…" loading line gone.
 */
export async function openApp(page: Page, path = "/"): Promise<void> {
  await page.goto(path);
  await waitForApp(page);
}

/** How long the app may take to boot: the wasm compiles on each page load, slowly on a loaded CI machine. */
export const BOOT_TIMEOUT = 20_000;

/** Waits for the app shell to be ready (after a goto or a reload). */
export async function waitForApp(page: Page): Promise<void> {
  await expect(page.getByRole("navigation", { name: "主导航" })).toBeVisible({ timeout: BOOT_TIMEOUT });
  await expect(page.locator("main .loading")).toHaveCount(0, { timeout: BOOT_TIMEOUT });
}

/**
 * Imports a backup file's `text` through the 数据 page (preview naming `branch`, 导入并替换现有数据, and 替换 when
 * this device already holds data) and waits for 已导入.
 */
export async function importBackupText(page: Page, name: string, text: string, branch: string): Promise<void> {
  await openApp(page, "/data");
  await page.getByLabel("选择备份文件（.json）").setInputFiles({
    name,
    mimeType: "application/json",
    buffer: Buffer.from(text),
  });
  const preview = page.locator("main .import-preview");
  await expect(preview).toContainText(branch);
  await preview.getByRole("button", { name: "导入并替换现有数据" }).click();
  const dialog = page.getByRole("alertdialog");
  if (await dialog.isVisible().catch(() => false)) await dialog.getByRole("button", { name: "替换" }).click();
  await expect(page.locator("main .alert-ok", { hasText: "已导入" })).toBeVisible();
}

/** Clicks a main navigation item by its Chinese label and waits for the URL to change. */
export async function navTo(page: Page, label: string): Promise<void> {
  const entry = NAV.find(([l]) => l === label);
  if (!entry) throw new Error(`unknown nav label ${label}`);
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: label, exact: true }).click();
  await expect(page).toHaveURL((url) => url.pathname === entry[1]);
}

/**
 * Opens a second page in a brand-new context (its own empty IndexedDB), with its own guard; the test
 * runner applies the project's options (baseURL, viewport) to it. Call `guard.assertClean()` at the end.
 *   const { page: other, guard } = await freshPage(browser);
 */
export async function freshPage(browser: Browser): Promise<{ page: Page; guard: PageGuard }> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  return { page, guard: new PageGuard(page) };
}

/**
 * Saves a full-page screenshot to tests/e2e/artifacts/<project>/<name>.png and attaches it to the report
 * (taken scrolled to the top, then the scroll position is restored). Returns the file path.
 */
export async function shot(page: Page, testInfo: TestInfo, name: string): Promise<string> {
  const dir = join(ARTIFACTS, testInfo.project.name);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name.replace(/[^\w\u4e00-\u9fa5.-]+/g, "_")}.png`);
  // From the top: a full-page shot of a scrolled page draws the sticky navigation halfway down.
  const scrolled = await page.evaluate(() => {
    const y = window.scrollY;
    window.scrollTo(0, 0);
    return y;
  });
  await page.screenshot({ path: file, fullPage: true });
  if (scrolled > 0) await page.evaluate((y) => window.scrollTo(0, y), scrolled);
  await testInfo.attach(name, { path: file, contentType: "image/png" });
  return file;
}

/**
 * A slow disk: after `slowWrites(page, ms)`, every IndexedDB transaction of the page reports its
 * completion `ms` late, so a test can leave a form while it is still saving. Call `installSlowWrites`
 * before the page loads; `writesSettled` waits until every late completion has been delivered.
 */
export async function installSlowWrites(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __slowWrites: number; __slowPending: number };
    w.__slowWrites = 0;
    w.__slowPending = 0;
    const desc = Object.getOwnPropertyDescriptor(IDBTransaction.prototype, "oncomplete")!;
    Object.defineProperty(IDBTransaction.prototype, "oncomplete", {
      configurable: true,
      get() {
        return desc.get!.call(this);
      },
      set(fn: unknown) {
        const late =
          typeof fn === "function"
            ? function (this: IDBTransaction, e: Event) {
                if (w.__slowWrites <= 0) return fn.call(this, e);
                w.__slowPending += 1;
                setTimeout(() => {
                  w.__slowPending -= 1;
                  fn.call(this, e);
                }, w.__slowWrites);
              }
            : fn;
        desc.set!.call(this, late);
      },
    });
  });
}

export async function slowWrites(page: Page, ms: number): Promise<void> {
  await page.evaluate((ms) => ((window as unknown as { __slowWrites: number }).__slowWrites = ms), ms);
}

export async function writesSettled(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { __slowPending: number }).__slowPending === 0);
}
