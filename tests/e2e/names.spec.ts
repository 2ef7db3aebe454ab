// Names in 姓氏笔画 order, as party documents list members (按姓氏笔画为序), in the roster and the roll of a new
// record; 按拼音 when the branch chooses it (支部信息 → 名单排序), stored with the branch.
import type { Page } from "@playwright/test";
import { test, expect, openApp, waitForApp, shot } from "./helpers";

test.describe.configure({ timeout: 120_000 });

// Fewer strokes first; same count → by the strokes in writing order (横、竖、撇、点、折).
const BY_STROKES = ["丁", "王", "刘", "李", "吴", "何", "张", "陈", "赵", "郭", "谭"].map((s) => `${s}明`);
const BY_PINYIN = ["陈", "丁", "郭", "何", "李", "刘", "谭", "王", "吴", "张", "赵"].map((s) => `${s}明`);

const rosterNames = (page: Page) => page.locator("table.members-table tbody .member-name").allTextContents();
const rollNames = async (page: Page) =>
  (await page.locator(".roll-row .roll-name").allTextContents()).map((s) => s.trim());

async function tab(page: Page, label: string) {
  await page.getByRole("navigation", { name: "党员页面分区" }).getByRole("link", { name: new RegExp(`^${label}`) }).click();
}

test("the roster and the roll list names 按姓氏笔画, or 按拼音 when chosen", async ({ page }, testInfo) => {
  await openApp(page, "/");
  await page.getByRole("link", { name: "从头开始" }).click();
  await page.getByLabel("支部名称").fill("笔画测试党支部");
  await expect(page.getByLabel("名单排序")).toHaveValue("strokes");
  await page.getByRole("button", { name: "保存支部信息" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已保存" })).toBeVisible();
  await tab(page, "党员名册");
  await page.getByRole("button", { name: "粘贴名单批量添加" }).click();
  // Pasted in a scrambled order.
  const scrambled = [...BY_STROKES].reverse();
  [scrambled[2], scrambled[7]] = [scrambled[7], scrambled[2]];
  await page
    .getByLabel("从 Excel 复制后粘贴到这里")
    .fill(scrambled.map((n) => `${n}\t正式党员\t\t2000-07-01\t2010-01-01`).join("\n"));
  await page.getByRole("button", { name: "预览" }).click();
  await page.getByRole("button", { name: "添加 11 人" }).click();
  await expect(page.locator(".member-paste .alert-ok")).toContainText("已添加 11 人");
  expect(await rosterNames(page)).toEqual(BY_STROKES);
  await shot(page, testInfo, "names-01-roster-strokes");

  // The roll of a new record, in the same order.
  await page.goto("/activities/new?kind=general_meeting");
  await waitForApp(page);
  await expect(page.locator(".roll-row")).toHaveCount(11);
  expect(await rollNames(page)).toEqual(BY_STROKES);

  // 按拼音, stored with the branch: it survives a reload.
  await page.goto("/members?tab=branch");
  await waitForApp(page);
  await page.getByLabel("名单排序").selectOption("pinyin");
  await page.getByRole("button", { name: "保存支部信息" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已保存" })).toBeVisible();
  await page.reload();
  await waitForApp(page);
  await expect(page.getByLabel("名单排序")).toHaveValue("pinyin");
  await tab(page, "党员名册");
  expect(await rosterNames(page)).toEqual(BY_PINYIN);
  await page.goto("/activities/new?kind=general_meeting");
  await waitForApp(page);
  await expect(page.locator(".roll-row")).toHaveCount(11);
  expect(await rollNames(page)).toEqual(BY_PINYIN);
});
