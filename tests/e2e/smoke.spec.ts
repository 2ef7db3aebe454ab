// Smoke test: the built app boots under its CSP, shows the shell and the eight navigation items,
// every item navigates, nothing goes to the network, nothing logs an error.
import { test, expect, openApp, navTo, shot, NAV } from "./helpers";

test("app boots and shows 支部台账 with the main navigation", async ({ page }, testInfo) => {
  await openApp(page, "/");
  await expect(page).toHaveTitle(/支部台账/);
  await expect(page.locator(".topbar .brand")).toHaveText("支部台账");
  const nav = page.getByRole("navigation", { name: "主导航" });
  await expect(nav.getByRole("link")).toHaveText(NAV.map(([label]) => label));
  await shot(page, testInfo, "00-boot");
});

test("each navigation item navigates to its page", async ({ page }, testInfo) => {
  await openApp(page, "/");
  // Visit in reverse so that every click really changes the page (we start on 概览).
  for (const [i, [label, path]] of [...NAV].reverse().entries()) {
    await navTo(page, label);
    await expect(page).toHaveURL((url) => url.pathname === path);
    const link = page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: label, exact: true });
    await expect(link).toHaveAttribute("aria-current", "page");
    await expect(page.locator("main")).not.toContainText("页面不存在");
    await shot(page, testInfo, `${String(NAV.length - i).padStart(2, "0")}-${path === "/" ? "overview" : path.slice(1)}`);
  }
});

for (const [label, path] of NAV) {
  test(`deep link ${path} loads directly (SPA fallback) with ${label} current`, async ({ page }) => {
    await openApp(page, path);
    const link = page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: label, exact: true });
    await expect(link).toHaveAttribute("aria-current", "page");
    await expect(page.locator("main")).not.toContainText("页面不存在");
  });
}

test("an unknown path shows the not-found text", async ({ page }) => {
  await openApp(page, "/no-such-page");
  await expect(page.locator("main")).toContainText("页面不存在");
});

test("the page keeps its strict Content-Security-Policy and has no inline script", async ({ page }) => {
  await openApp(page, "/");
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).toContain("connect-src 'self'");
  expect(csp).toContain("style-src 'self'");
  expect(csp).not.toContain("unsafe-inline");
  // Every script is a same-origin file, or a data block that never runs.
  const inline = await page.locator("script:not([src])").evaluateAll((els) =>
    els.filter((e) => (e.getAttribute("type") ?? "") !== "application/json").map((e) => e.outerHTML),
  );
  expect(inline).toEqual([]);
});
