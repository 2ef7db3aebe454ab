// 粘贴名单批量添加 on the 党员名册 tab: a list copied from Excel is previewed line by line with its errors,
// nothing is saved while a line is wrong, and the corrected list is added in one go and survives a reload.
import type { Page } from "@playwright/test";
import { test, expect, openApp, waitForApp, shot } from "./helpers";

const main = (page: Page) => page.locator("main");
test.describe.configure({ timeout: 120_000 });

async function openTab(page: Page, label: "支部信息" | "党小组" | "党员名册") {
  await page.getByRole("navigation", { name: "党员页面分区" }).getByRole("link", { name: new RegExp(`^${label}`) }).click();
}

async function addGroup(page: Page, name: string) {
  await page.getByRole("button", { name: "添加党小组" }).click();
  await page.getByLabel("党小组名称").fill(name);
  await page.getByRole("button", { name: "保存", exact: true }).click();
  await expect(main(page).locator(".alert-ok")).toContainText(`已添加党小组“${name}”`);
}

const row = (page: Page, name: string) => page.locator("table.members-table tbody tr", { hasText: name });

// Tab-separated, as Excel copies; the fourth line has an unknown 类别.
const PASTE_BAD = [
  "张三\t正式党员\t第一党小组\t2010-07-01",
  "李四\t预备党员\t第二党小组\t2025-06-01",
  "<b>粗体</b>\t入党积极分子\t第一党小组\t",
  "王五\t党外\t第二党小组\t2001-07-01",
].join("\n");

test("paste a member list: preview with per-line errors, nothing saved until fixed, then all added", async ({ page }, testInfo) => {
  await openApp(page, "/");
  await page.getByRole("link", { name: "从头开始" }).click();
  await page.getByLabel("支部名称").fill("粘贴测试党支部");
  await page.getByRole("button", { name: "保存支部信息" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已保存" })).toBeVisible();
  await openTab(page, "党小组");
  await addGroup(page, "第一党小组");
  await addGroup(page, "第二党小组");

  await openTab(page, "党员名册");
  await page.getByRole("button", { name: "粘贴名单批量添加" }).click();
  const box = page.getByLabel("从 Excel 复制后粘贴到这里");
  await expect(page.locator("#paste-hint")).toContainText("姓名、类别、党小组、入党日期");
  await box.fill(PASTE_BAD);
  await page.getByRole("button", { name: "预览" }).click();

  const preview = page.locator(".paste-preview");
  await expect(preview.locator(".paste-count")).toHaveText("可添加 3 人，1 行有错误");
  await expect(preview.locator(".paste-error")).toHaveCount(1);
  await expect(preview.locator(".paste-error")).toContainText("第4行：类别“党外”无法识别");
  await expect(preview.locator("tr.paste-row.row-bad")).toHaveAttribute("data-line", "4");
  await expect(preview.locator("tr.paste-row", { hasText: "李四" })).toContainText("第二党小组");
  // The HTML name is shown as text, not as markup.
  await expect(preview.getByText("<b>粗体</b>", { exact: true })).toBeVisible();
  await expect(preview.locator("b")).toHaveCount(0);
  const add = page.getByRole("button", { name: /^添加 \d+ 人$/ });
  await expect(add).toBeDisabled();
  await shot(page, testInfo, "paste-01-preview-error");
  // Nothing saved: the roster is still empty.
  await expect(main(page).locator(".roster .empty")).toContainText("名册是空的");

  // Fix the line; changing the text drops the old preview.
  await box.fill(PASTE_BAD.replace("党外", "正式党员"));
  await expect(preview).toHaveCount(0);
  await page.getByRole("button", { name: "预览" }).click();
  await expect(preview.locator(".paste-count")).toHaveText("可添加 4 人，0 行有错误");
  await expect(add).toHaveText("添加 4 人");
  // No line has a 转入日期: nothing is added until the secretary says what they are.
  await expect(preview.locator(".paste-missing legend")).toHaveText("4人没有转入本支部日期");
  await expect(add).toBeDisabled();
  await expect(page.locator("#paste-add-why")).toHaveText("请先选择没有转入日期的人如何处理");
  await preview.getByLabel(/转入日期不详/).check();
  await add.click();
  await expect(main(page).locator(".member-paste .alert-ok")).toContainText("已添加 4 人");
  await expect(box).toHaveValue("");
  await expect(page.locator("table.members-table tbody tr.paste-row")).toHaveCount(0);
  await expect(row(page, "王五")).toBeVisible();

  // Survives a reload, with the right 类别 and 党小组.
  await page.reload();
  await waitForApp(page);
  await openTab(page, "党员名册");
  await expect(page.locator("table.members-table tbody tr")).toHaveCount(4);
  await expect(row(page, "张三")).toContainText("正式党员");
  await expect(row(page, "张三")).toContainText("第一党小组");
  await expect(row(page, "李四")).toContainText("预备党员");
  await expect(row(page, "李四")).toContainText("第二党小组");
  await expect(row(page, "王五")).toContainText("正式党员");
  await expect(row(page, "王五")).toContainText("第二党小组");
  const bold = row(page, "<b>粗体</b>");
  await expect(bold).toContainText("入党积极分子");
  await expect(bold).toContainText("第一党小组");
  await expect(bold.locator(".member-name")).toHaveText("<b>粗体</b>");
  await expect(page.locator("table.members-table b")).toHaveCount(0);

  // A name already in the roster is a warning, not an error.
  await page.getByRole("button", { name: "粘贴名单批量添加" }).click();
  await box.fill("张三,正式党员,,2012-07-01");
  await page.getByRole("button", { name: "预览" }).click();
  await expect(preview.locator(".paste-count")).toHaveText("可添加 1 人，0 行有错误");
  await expect(preview.locator(".paste-warning")).toContainText("名册中已有“张三”");
  await preview.getByLabel(/转入日期不详/).check();
  await expect(add).toBeEnabled();
});
