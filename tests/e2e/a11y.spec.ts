// Accessibility: axe-core (npm, node_modules/axe-core) over every page of the app, with the WCAG 2 A and AA
// rules. A violation of impact "serious" or "critical" fails the test; lesser ones are listed in the output.
// axe is injected by evaluating its source through the DevTools protocol (page.evaluate), which the page's
// Content-Security-Policy does not apply to — a <script> tag would be blocked, as it should be.
//
// No rule is disabled: when axe finds something, fix the app (labels, names of icon-only buttons, contrast,
// landmarks, heading order, table headers).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page, TestInfo } from "@playwright/test";
import { test, expect, openApp, waitForApp, shot } from "./helpers";

test.describe.configure({ timeout: 300_000 });

const AXE_SOURCE = readFileSync(join(__dirname, "..", "..", "node_modules", "axe-core", "axe.min.js"), "utf8");

type AxeNode = { target: string[]; html: string; failureSummary?: string };
type AxeViolation = { id: string; impact: string | null; help: string; helpUrl: string; nodes: AxeNode[] };

/** Runs axe on the page as it is now; returns the violations, each as one readable line per node. */
async function axe(page: Page, tags: string[] = ["wcag2a", "wcag2aa"]): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== "undefined");
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const w = window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } };
    const result = await w.axe.run(document, {
      runOnly: { type: "tag", values: tags },
      resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html.slice(0, 200), failureSummary: n.failureSummary })),
    }));
  }, tags);
}

const SERIOUS = new Set(["serious", "critical"]);

/** Checks one page; collects the serious/critical violations into `failures` and takes a screenshot. */
async function check(page: Page, testInfo: TestInfo, name: string, failures: string[]): Promise<void> {
  await page.waitForTimeout(200); // let transitions and late renders settle (contrast is measured on screen)
  const violations = await axe(page);
  for (const v of violations) {
    const lines = v.nodes.map((n) => `      ${n.target.join(" ")}  ${n.html}\n        ${(n.failureSummary ?? "").replace(/\n/g, "\n        ")}`);
    const text = `[${name}] ${v.impact} ${v.id}: ${v.help} (${v.nodes.length})\n${lines.join("\n")}`;
    if (SERIOUS.has(v.impact ?? "")) failures.push(text);
    else testInfo.annotations.push({ type: `axe-${v.impact}`, description: `[${name}] ${v.id} ×${v.nodes.length}` });
  }
  // Best practices (landmarks, heading order, …): reported, not failed.
  for (const v of await axe(page, ["best-practice"])) {
    testInfo.annotations.push({
      type: `axe-best-practice-${v.impact}`,
      description: `[${name}] ${v.id} ×${v.nodes.length}: ${v.nodes[0]?.target.join(" ")}`,
    });
  }
  await shot(page, testInfo, `a11y-${name}`);
}

/** Goes to `path` (a full page load) and waits for the app. */
async function visit(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await waitForApp(page);
}

test("axe: the empty app (概览 welcome, 党员, 数据)", async ({ page }, testInfo) => {
  const failures: string[] = [];
  await openApp(page, "/");
  await expect(page.getByRole("heading", { name: "欢迎使用支部台账" })).toBeVisible();
  await check(page, testInfo, "overview-empty", failures);
  await visit(page, "/members?tab=roster");
  await check(page, testInfo, "members-roster-empty", failures);
  await visit(page, "/data");
  await check(page, testInfo, "data-empty", failures);
  expect(failures, failures.join("\n\n")).toEqual([]);
});

test("axe: every page with the demo branch", async ({ page }, testInfo) => {
  const failures: string[] = [];
  await openApp(page, "/?demo=1");
  await expect(page.locator(".topbar .branch-name")).toContainText("党支部", { timeout: 20_000 });
  await expect(page.locator("main .stat").first()).toBeVisible();
  await check(page, testInfo, "overview-demo", failures);
  const showAll = page.getByRole("button", { name: /^显示全部 \d+ 条提醒$/ });
  if ((await showAll.count()) > 0) {
    await showAll.click();
    await check(page, testInfo, "overview-demo-all-alerts", failures);
  }
  const year = await page.evaluate(() => new Date().getFullYear());

  await visit(page, "/activities");
  await expect(page.locator(".ledger-table tbody tr").first()).toBeVisible();
  const recordHref = await page.locator(".ledger-table tbody tr a[href^='/activities/a-']").first().getAttribute("href");
  await check(page, testInfo, "activities", failures);
  await visit(page, "/activities?view=owed");
  await check(page, testInfo, "activities-owed", failures);

  await visit(page, recordHref!);
  await expect(page.locator(".record-sheet")).toBeVisible();
  await check(page, testInfo, "record-view", failures);
  // The make-up study form, open.
  const makeup = page.getByRole("button", { name: "记录补学" }).first();
  if ((await makeup.count()) > 0) {
    await makeup.click();
    await check(page, testInfo, "record-view-makeup", failures);
  }

  await visit(page, "/activities/new");
  await check(page, testInfo, "record-new-chooser", failures);
  await visit(page, "/activities/new?kind=general_meeting");
  await expect(page.locator(".roll-row").first()).toBeVisible();
  // One person on leave: the reason box appears.
  await page.locator(".roll-row").nth(1).getByRole("button", { name: "请假", exact: true }).click();
  await check(page, testInfo, "record-form", failures);
  // The form with its errors shown.
  await visit(page, "/activities/new?kind=theme_day");
  await page.locator("#af-save").click();
  await expect(page.locator('.field-error[data-field="theme"]')).not.toBeEmpty();
  await check(page, testInfo, "record-form-errors", failures);
  // A 组织生活会 with its 民主评议 (pasted tallies, a bad line), 对照检查 and 整改清单, and the 谈心谈话 panel.
  await visit(page, "/activities/new?kind=org_life_meeting");
  await page.locator("#rv-start").click();
  await expect(page.locator(".review-table tbody tr").first()).toBeVisible();
  await page.locator("#rv-paste-open").click();
  await page.locator("#rv-paste").fill("不在名单的人\t1\t2\t3\t4");
  await page.locator("#rv-paste-apply").click();
  await expect(page.locator(".paste-result .alert-error")).toBeVisible();
  await page.locator(".review-table select.review-rating").first().selectOption("unqualified");
  await page.locator("#ex-add-all").click();
  await page.locator("#rc-add").click();
  await check(page, testInfo, "record-form-org-life", failures);

  for (const tab of ["branch", "groups", "roster"]) {
    await visit(page, `/members?tab=${tab}`);
    await check(page, testInfo, `members-${tab}`, failures);
  }
  await page.getByRole("button", { name: "添加人员" }).click();
  await check(page, testInfo, "members-form", failures);
  await page.locator("form.member-form").getByRole("button", { name: "取消" }).click();
  await page.getByRole("button", { name: "粘贴名单批量添加" }).click();
  await page.getByLabel("从 Excel 复制后粘贴到这里").fill("新人甲\t正式党员\t\t2020-07-01\n新人乙\t党外\t\t");
  await page.getByRole("button", { name: "预览" }).click();
  await check(page, testInfo, "members-paste", failures);

  await visit(page, `/study?year=${year}`);
  await check(page, testInfo, "study", failures);
  await page.locator("#st-add").click();
  await check(page, testInfo, "study-form", failures);
  await visit(page, `/study?year=${year}&tab=plan`);
  await check(page, testInfo, "study-year-plan", failures);
  await page.locator("#plan-generate").click();
  await check(page, testInfo, "study-plan-generator", failures);

  await visit(page, "/schedule");
  await check(page, testInfo, "schedule", failures);
  await page.locator("#share-open").click();
  await check(page, testInfo, "schedule-share", failures);

  await visit(page, "/my");
  const select = page.locator("#my-member");
  const labels = await select.locator("option").allTextContents();
  await select.selectOption({ index: labels.findIndex((l, i) => i > 0 && !l.includes("积极分子")) });
  await expect(page.locator("h1")).toContainText("我的 · ");
  await check(page, testInfo, "my", failures);

  for (const tab of ["check", "summary", "members"]) {
    await visit(page, `/stats?year=${year}&tab=${tab}`);
    await check(page, testInfo, `stats-${tab}`, failures);
  }
  await visit(page, "/rules");
  await check(page, testInfo, "rules", failures);
  await visit(page, "/rollup");
  await check(page, testInfo, "rollup", failures);
  await visit(page, "/data");
  await check(page, testInfo, "data", failures);
  await visit(page, "/data/sync");
  await expect(page.getByRole("button", { name: "登录并开启同步" })).toBeVisible();
  await check(page, testInfo, "data-sync", failures);
  await visit(page, "/data");
  // A confirmation dialog, open (typed confirmation).
  await page.getByRole("button", { name: "清空本地数据" }).click();
  await expect(page.getByRole("alertdialog")).toBeVisible();
  await check(page, testInfo, "data-clear-dialog", failures);
  await page.keyboard.press("Escape");
  await expect(page.getByRole("alertdialog")).toHaveCount(0);

  await visit(page, `/print/${recordHref!.split("/").pop()}`);
  await check(page, testInfo, "print-record", failures);
  await visit(page, `/stats/print/${year}`);
  await check(page, testInfo, "print-summary", failures);
  await visit(page, `/schedule/print?year=${year}`);
  await check(page, testInfo, "print-schedule", failures);

  for (const a of testInfo.annotations) console.log(`[${testInfo.project.name}] ${a.type} ${a.description}`);
  expect(failures, failures.join("\n\n")).toEqual([]);
});

test("keyboard: Tab reaches the navigation with a visible focus ring, Enter follows a link", async ({ page }) => {
  await openApp(page, "/");
  const active = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.textContent?.trim() ?? "");
  for (let i = 0; i < 6 && (await active()) !== "概览"; i++) await page.keyboard.press("Tab");
  expect(await active()).toBe("概览");
  await page.keyboard.press("Tab");
  expect(await active()).toBe("活动记录");
  const ring = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement as Element);
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow };
  });
  expect(ring.style !== "none" && ring.width > 0 || ring.shadow !== "none", JSON.stringify(ring)).toBe(true);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL((url) => url.pathname === "/activities");
  await expect(page.getByRole("navigation", { name: "主导航" }).locator('a[aria-current="page"]')).toHaveText("活动记录");
});
