// 数据 → 导出备份 / 导入备份: the backup file through the real UI.
//  - round trip: demo → export (envelope, version 4, counts; the demo's 民主评议 and 整改清单 in it) → clear → import (preview counts) → the same
//    data on the pages, and a second export equal to the first except exported_at;
//  - merge: a file with one changed activity and one new member (named with HTML) → the preview lists the
//    difference → 合并 taking the backup's side → both changes visible, the HTML shown as text;
//  - bad files (not JSON, wrong tag, newer version, a dangling reference, counts that disagree) → a Chinese
//    message and nothing changed.
import { readFileSync, writeFileSync } from "node:fs";
import type { Page, TestInfo } from "@playwright/test";
import { test, expect, openApp, waitForApp, shot, installSlowWrites, slowWrites, writesSettled } from "./helpers";

const main = (page: Page) => page.locator("main");
const fileInput = (page: Page) => page.getByLabel("选择备份文件（.json）");

type Json = Record<string, any>;

async function loadDemo(page: Page): Promise<void> {
  await openApp(page, "/?demo=1");
  await expect(main(page).locator(".stat").first()).toBeVisible({ timeout: 20_000 });
  await page.goto("/data");
  await waitForApp(page);
}

/** Clicks 导出备份 on the 数据 page; returns the saved file's path and its parsed content. */
async function exportBackup(page: Page, testInfo: TestInfo, name: string): Promise<{ file: string; json: Json }> {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "导出备份", exact: true }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^支部台账备份-.+-\d{8}\.json$/);
  const file = testInfo.outputPath(name);
  await download.saveAs(file);
  return { file, json: JSON.parse(readFileSync(file, "utf8")) };
}

function withoutTime(json: Json): Json {
  const { exported_at: _ignored, ...rest } = json;
  return rest;
}

function recount(json: Json): void {
  const d = json.data;
  json.counts = {
    groups: d.groups.length,
    members: d.members.length,
    activities: d.activities.length,
    attendance_entries: d.activities.reduce((n: number, a: Json) => n + a.attendance.length, 0),
    study_items: d.study_items.length,
    rules: d.rules.length,
  };
}

async function chooseFile(page: Page, name: string, content: string | Json): Promise<void> {
  const text = typeof content === "string" ? content : JSON.stringify(content, null, 2);
  await fileInput(page).setInputFiles({ name, mimeType: "application/json", buffer: Buffer.from(text) });
}

test("export, clear, import: the same data comes back", async ({ page }, testInfo) => {
  await loadDemo(page);
  const first = await exportBackup(page, testInfo, "first.json");
  const b = first.json;
  expect(b.format).toBe("zhibu-backup");
  expect(b.version).toBe(4);
  // The demo's reviews and 整改清单 are in the file (version 4).
  expect(b.data.activities.some((a: Json) => a.review?.members?.some((m: Json) => m.rating === "excellent"))).toBe(true);
  expect(b.data.activities.some((a: Json) => (a.rectifications ?? []).some((r: Json) => !r.closed))).toBe(true);
  expect(b.exported_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  expect(b.branch_name).toBe(b.data.branch.name);
  const attendance = b.data.activities.reduce((n: number, a: Json) => n + a.attendance.length, 0);
  expect(b.counts).toEqual({
    groups: b.data.groups.length,
    members: b.data.members.length,
    activities: b.data.activities.length,
    attendance_entries: attendance,
    study_items: b.data.study_items.length,
    rules: b.data.rules.length,
  });
  expect(b.counts.members).toBeGreaterThan(10);
  expect(b.counts.activities).toBeGreaterThan(10);
  const branchName: string = b.branch_name;

  await page.goto("/members?tab=roster");
  await waitForApp(page);
  const rosterRows = await page.locator("table.members-table tbody tr").count();
  expect(rosterRows).toBeGreaterThan(10);

  // Clear everything
  await page.goto("/data");
  await waitForApp(page);
  await page.getByRole("button", { name: "清空本地数据" }).click();
  const dialog = page.getByRole("alertdialog");
  await dialog.getByLabel(/请输入/).fill(branchName);
  await dialog.getByRole("button", { name: "清空" }).click();
  await expect(main(page).locator(".alert-ok", { hasText: "已清空" })).toBeVisible();

  // Import: the preview shows what the file holds; nothing to compare with on an empty device
  await fileInput(page).setInputFiles(first.file);
  const preview = main(page).locator(".import-preview");
  await expect(preview).toContainText(branchName);
  await expect(preview.locator(".import-version")).toHaveText("格式版本：4");
  const cell = (label: string) => preview.locator("tr", { has: page.locator("th", { hasText: new RegExp(`^${label}$`) }) }).locator("td");
  const full = b.data.members.filter((m: Json) => m.kind === "full").length;
  const held = b.data.activities.filter((a: Json) => a.status === "held").length;
  await expect(cell("正式党员")).toHaveText(String(full));
  await expect(cell("党小组")).toHaveText(String(b.counts.groups));
  await expect(cell("活动记录（已开展）")).toHaveText(String(held));
  await expect(cell("学习计划条目")).toHaveText(String(b.counts.study_items));
  await expect(cell("自定义规则")).toHaveText(String(b.counts.rules));
  await expect(preview.locator(".merge-preview")).toHaveCount(0);
  await shot(page, testInfo, "backup-01-preview");
  await preview.getByRole("button", { name: "导入并替换现有数据" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "替换" }).click();
  await expect(main(page).locator(".alert-ok", { hasText: "已导入" })).toBeVisible();

  // The pages show the same data
  await page.reload();
  await waitForApp(page);
  await expect(page.locator(".topbar .branch-name")).toHaveText(branchName);
  await page.goto("/members?tab=roster");
  await waitForApp(page);
  await expect(page.locator("table.members-table tbody tr")).toHaveCount(rosterRows);
  const some: Json = b.data.activities.find((a: Json) => a.status === "held" && a.theme);
  await page.goto(`/activities/${some.id}`);
  await waitForApp(page);
  await expect(main(page)).toContainText(some.theme);

  // A second export equals the first except the time
  await page.goto("/data");
  await waitForApp(page);
  const second = await exportBackup(page, testInfo, "second.json");
  expect(withoutTime(second.json)).toEqual(withoutTime(b));
});

test("merge a backup with one changed activity and one new member", async ({ page }, testInfo) => {
  await loadDemo(page);
  const { json } = await exportBackup(page, testInfo, "base.json");
  const changed = json.data.activities.find((a: Json) => a.status === "held" && a.kind === "general_meeting");
  const before: string = changed.theme;
  changed.theme = "合并测试：改过的主题";
  json.data.members.push({
    id: "m-e2e-merge",
    name: "<b>新同志</b>",
    kind: "full",
    group: null,
    party_joined: "2015-07-01",
    full_since: null,
    joined_branch: "2020-01-01",
    left_branch: null,
    mobile: false,
    excused: [],
    phone: "",
    note: "",
  });
  recount(json);
  await chooseFile(page, "合并.json", json);

  const preview = main(page).locator(".import-preview");
  const cmp = preview.locator(".merge-preview");
  await expect(cmp).toBeVisible();
  await expect(cmp.locator(".merge-summary")).toContainText("备份中有 1 条本机没有的记录");
  await expect(cmp.locator(".merge-summary")).toContainText("1 条与本机记录不同");
  await expect(cmp.locator(".merge-conflict")).toHaveText(
    `1 条活动记录与本机记录不同：${changed.date} 党员大会（主题不同）`,
  );
  await expect(cmp.locator(".merge-added")).toHaveText("备份中新增 1 条党员：<b>新同志</b>");
  await expect(preview.locator("b")).toHaveCount(0);
  await shot(page, testInfo, "backup-02-merge-preview");

  await cmp.getByLabel("采用备份中的记录").check();
  await cmp.getByRole("button", { name: "合并到本机数据" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("将新增 1 条记录");
  await expect(dialog).toContainText("1 条与本机不同的记录：采用备份中的记录");
  await dialog.getByRole("button", { name: "合并" }).click();
  await expect(main(page).locator(".alert-ok", { hasText: "已合并" })).toBeVisible();

  // Both changes are visible
  await page.goto(`/activities/${changed.id}`);
  await waitForApp(page);
  await expect(main(page)).toContainText("合并测试：改过的主题");
  expect(before).not.toBe("合并测试：改过的主题");
  await page.goto("/members?tab=roster");
  await waitForApp(page);
  await expect(page.locator("table.members-table tbody tr", { hasText: "<b>新同志</b>" })).toHaveCount(1);
  await expect(page.locator("table.members-table b")).toHaveCount(0);

  // Merging the same file again changes nothing
  await page.goto("/data");
  await waitForApp(page);
  await chooseFile(page, "合并.json", json);
  await expect(main(page).locator(".merge-preview")).toContainText("备份中的内容本机都已有，无需合并。");
  await expect(main(page).getByRole("button", { name: "合并到本机数据" })).toHaveCount(0);
});

test("bad files are refused in Chinese and change nothing", async ({ page }, testInfo) => {
  await loadDemo(page);
  const { json } = await exportBackup(page, testInfo, "before.json");
  const alert = main(page).locator(".alert-error");
  const preview = main(page).locator(".import-preview");

  const cases: Array<[string, string | Json, RegExp]> = [
    ["notes.json", "this is not json", /文件不是有效的 JSON（第 1 行第 \d+ 列处格式错误）/],
    ["cut.json", JSON.stringify(json).slice(0, 5000), /文件不是有效的 JSON（文件在第 \d+ 行第 \d+ 列处中断，内容不完整）/],
    ["other.json", { format: "something-else", version: 2 }, /这不是支部台账的备份文件/],
    ["newer.json", { ...json, version: 5 }, /备份文件版本 5 比本应用新，请先更新支部台账再导入/],
  ];
  const dangling = structuredClone(json);
  const held = dangling.data.activities.findIndex((a: Json) => a.status === "held" && a.host);
  dangling.data.activities[held].host = "m-404";
  const a = dangling.data.activities[held];
  cases.push([
    "dangling.json",
    dangling,
    new RegExp(`第${held + 1}条活动记录（${a.date} .+）：主持人引用了不存在的党员`),
  ]);
  const short = structuredClone(json);
  short.data.activities.pop();
  cases.push(["short.json", short, /备份文件的记录数量与内容不符.*活动记录：文件头写 \d+ 条，实际有 \d+ 条/]);

  for (const [name, content, message] of cases) {
    await chooseFile(page, name, content);
    await expect(alert, name).toHaveText(message);
    await expect(preview).toHaveCount(0);
  }
  // Several problems: the summary line, then one list item per problem.
  const two = structuredClone(json);
  const hosted = two.data.activities
    .map((x: Json, i: number) => [x, i] as [Json, number])
    .filter(([x]) => x.status === "held" && x.host)
    .slice(0, 2);
  for (const [x] of hosted) x.host = "m-404";
  await chooseFile(page, "two.json", two);
  await expect(alert.locator(".alert-head")).toHaveText("备份文件中有 2 处错误，未导入任何数据：");
  await expect(alert.locator(".alert-list li")).toHaveCount(2);
  for (const [i, [, n]] of hosted.entries()) {
    await expect(alert.locator(".alert-list li").nth(i)).toContainText(`第${n + 1}条活动记录`);
  }
  await expect(preview).toHaveCount(0);
  await shot(page, testInfo, "backup-03-refused");

  // Nothing changed: the data exports exactly as before
  const after = await exportBackup(page, testInfo, "after.json");
  expect(withoutTime(after.json)).toEqual(withoutTime(json));
});

test("a version-1 file imports and says it was converted", async ({ page }, testInfo) => {
  await loadDemo(page);
  const { json } = await exportBackup(page, testInfo, "v2.json");
  const v1: Json = { ...json, version: 1 };
  delete v1.counts;
  delete v1.branch_name;
  const file = testInfo.outputPath("v1.json");
  writeFileSync(file, JSON.stringify(v1));
  await fileInput(page).setInputFiles(file);
  const preview = main(page).locator(".import-preview");
  await expect(preview.locator(".import-version")).toContainText("已从旧版本格式转换");
  // Same content as this device: nothing to merge
  await expect(preview.locator(".merge-preview")).toContainText("无需合并");
});

test("leaving 数据 while an import is still being written: the data lands, the app keeps working", async ({ page }, testInfo) => {
  await installSlowWrites(page);
  await loadDemo(page);
  const { json } = await exportBackup(page, testInfo, "before.json");
  json.data.branch.name = "导入途中离开测试党支部";
  json.branch_name = json.data.branch.name;
  // Into 数据 from 概览 inside the app, so that the browser's back button (a phone's back gesture) leaves 数据
  // without reloading: the dialog covers the navigation while it works, the back button it does not.
  const nav = page.getByRole("navigation", { name: "主导航" });
  await nav.getByRole("link", { name: "概览", exact: true }).click();
  await nav.getByRole("link", { name: "数据", exact: true }).click();
  await chooseFile(page, "renamed.json", json);
  await main(page).locator(".import-preview").getByRole("button", { name: "导入并替换现有数据" }).click();
  await slowWrites(page, 800);
  await page.getByRole("alertdialog").getByRole("button", { name: "替换" }).click();
  await expect(page.getByRole("alertdialog").getByRole("button", { name: "正在处理…" })).toBeVisible();
  await page.goBack();
  await expect(page.locator(".overview-page")).toBeVisible();
  await writesSettled(page);
  await expect(page).toHaveURL((url) => url.pathname === "/");
  await expect(page.locator(".topbar .branch-name")).toHaveText("导入途中离开测试党支部");
  await slowWrites(page, 0);
  await page.reload();
  await waitForApp(page);
  await expect(page.locator(".topbar .branch-name")).toHaveText("导入途中离开测试党支部");
});
