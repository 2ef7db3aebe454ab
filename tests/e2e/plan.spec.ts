// Plans and schedules: generate a year → edit one theme → export the .ics and check its events → open the
// share link in a fresh browser profile → the read-only schedule shows the edited theme, offers no editing
// and stores nothing. Plus: the study plan form refusing bad input, record/move/cancel from the schedule,
// the printable schedule, and 我的 remembering its member only when asked.
import { test, expect, openApp, waitForApp, freshPage, shot } from "./helpers";
import type { Page } from "@playwright/test";
import { readFileSync } from "node:fs";

// Journeys over the three-year demo branch: allow three times the default time.
test.describe.configure({ timeout: 90_000 });

/** Loads the demo branch into the empty database of this test's browser context. */
async function loadDemo(page: Page): Promise<void> {
  await openApp(page, "/?demo=1");
  await expect(page.locator(".topbar .branch-name")).toContainText("党支部", { timeout: 15_000 });
}

/** The browser's current year (the app plans by the browser's clock). */
async function browserYear(page: Page): Promise<number> {
  return page.evaluate(() => new Date().getFullYear());
}

/** The content lines of an iCalendar text, unfolded. */
function icsLines(text: string): string[] {
  return text.replace(/\r\n[ \t]/g, "").split("\r\n").filter((l) => l.length > 0);
}

/** Checks the framing every calendar file must have; returns its unfolded lines. */
function checkIcs(text: string): string[] {
  expect(text.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
  expect(text.endsWith("END:VCALENDAR\r\n")).toBe(true);
  // Every physical line ends with CRLF and is at most 75 octets.
  for (const raw of text.split("\r\n")) {
    expect(raw.includes("\n")).toBe(false);
    expect(Buffer.byteLength(raw, "utf8")).toBeLessThanOrEqual(75);
  }
  const lines = icsLines(text);
  expect(lines.filter((l) => l === "BEGIN:VEVENT").length).toBe(lines.filter((l) => l === "END:VEVENT").length);
  return lines;
}

// An ASCII comma as well as a Chinese one: only the former is escaped in iCalendar TEXT.
const THEME = "重温入党誓词，学习党章第1,2章";
/** THEME as an iCalendar TEXT value. */
const THEME_ICS = "重温入党誓词，学习党章第1\\,2章";

test("generate a year, edit a theme, export .ics, open the share link read-only in a fresh profile", async ({
  page,
  browser,
}, testInfo) => {
  await loadDemo(page);
  const year = (await browserYear(page)) + 1; // the demo has no plan for next year

  // ---- 1. the year skeleton in one action ----
  await page.goto(`/study?tab=plan&year=${year}`);
  await waitForApp(page);
  await expect(page.locator(".plan-completion")).toContainText("这一年还没有计划");
  await page.locator("#plan-generate").click();
  await page.locator("#pg-theme-day").fill("15");
  await expect(page.locator("#pg-weekends")).toBeChecked();
  // 12 主题党日 + 12 支委会 + 3 groups × 12 党小组会 + 4 党员大会 + 4 党课 + 组织生活会 + 民主评议党员.
  await expect(page.locator("#pg-summary")).toContainText("将新增 70 项计划");
  await expect(page.locator("#pg-summary")).toContainText("主题党日 12 项");
  // A day that does not exist in every month is refused next to its field, and nothing can be generated.
  await page.locator("#pg-theme-day").fill("31");
  await expect(page.locator("#pg-theme-day-err")).toContainText("1 日到 28 日");
  await expect(page.locator("#pg-confirm")).toBeDisabled();
  await page.locator("#pg-theme-day").fill("15");
  await shot(page, testInfo, "plan-01-generator");
  await page.locator("#pg-confirm").click();
  await expect(page.locator("#plan-done")).toContainText("已生成 70 项计划");
  await expect(page.locator('.completion-row[data-kind="theme_day"]')).toContainText("主题党日 0/12");
  await expect(page.locator('.completion-row[data-kind="group_meeting"]')).toContainText("党小组会 0/36");

  // Running it again adds nothing.
  await page.locator("#plan-generate").click();
  await expect(page.locator("#pg-nothing")).toContainText("没有需要新增的条目");
  await expect(page.locator("#pg-confirm")).toBeDisabled();
  await page.locator("#plan-generate").click();

  // Theme days stay off weekends.
  await page.locator("#pe-kind").selectOption("theme_day");
  const themeRows = page.locator(".pe-row.k-theme_day");
  await expect(themeRows).toHaveCount(12);
  for (const day of await themeRows.locator(".pe-day").allTextContents()) {
    expect(day).not.toMatch(/周[六日]/);
  }

  // ---- 2. the secretary edits one theme ----
  const january = themeRows.first();
  await january.locator(".pe-edit").click();
  await january.locator(".pe-theme-input").fill(THEME);
  await january.locator(".pe-save").click();
  await expect(january.locator(".pe-title")).toHaveText(`主题党日：${THEME}`);
  await expect(january.locator(".pe-editor")).toHaveCount(0);
  const editedId = await january.getAttribute("data-id");
  expect(editedId).toMatch(/^a-/);
  await shot(page, testInfo, "plan-02-theme-edited");

  // ---- 3. the calendar file ----
  await page.goto(`/schedule?month=${year}-01`);
  await waitForApp(page);
  await expect(page.locator(".month-cal-title")).toHaveText(`${year}年1月`);
  await expect(page.locator(".month-list")).toContainText(THEME);
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#export-ics").click()]);
  expect(download.suggestedFilename()).toBe(`支部日程-${year}.ics`);
  const icsPath = testInfo.outputPath("schedule.ics");
  await download.saveAs(icsPath);
  const ics = readFileSync(icsPath, "utf8");
  const lines = checkIcs(ics);
  expect(lines.filter((l) => l === "BEGIN:VEVENT")).toHaveLength(70);
  expect(lines).toContain(`UID:${editedId}@zhibu`);
  expect(lines).toContain(`SUMMARY:主题党日：${THEME_ICS}`);
  expect(lines.filter((l) => l.startsWith("SUMMARY:党小组会（第一党小组）"))).toHaveLength(12);
  const starts = lines.filter((l) => l.startsWith("DTSTART;"));
  expect(starts).toHaveLength(70);
  expect(starts.every((l) => l.startsWith(`DTSTART;VALUE=DATE:${year}`))).toBe(true); // no times set: all-day
  expect(lines.filter((l) => l === "STATUS:CONFIRMED")).toHaveLength(70);
  await expect(page.locator("#ics-note")).toContainText(`已导出 ${year} 年 70 项`);
  testInfo.annotations.push({ type: "ics-bytes", description: String(Buffer.byteLength(ics, "utf8")) });

  // ---- 4. the share link ----
  await page.locator("#share-open").click();
  const link = await page.locator("#share-link").inputValue();
  const origin = new URL(page.url()).origin;
  expect(link.startsWith(`${origin}/#/s/1.`)).toBe(true);
  expect(link).toMatch(/^[\x21-\x7e]+$/); // plain ASCII, safe to paste anywhere
  await expect(page.locator("label[for=share-link]")).toContainText(`70 项，${link.length} 个字符`);
  testInfo.annotations.push({ type: "share-link-chars", description: String(link.length) });
  await shot(page, testInfo, "plan-03-share-panel");

  // ---- 5. a member opens it: fresh profile, nothing of the secretary's ----
  const { page: member, guard } = await freshPage(browser);
  await member.goto(link);
  await expect(member.locator("#shared-title")).toContainText("党支部");
  await expect(member.locator(".shared-subtitle")).toContainText(`${year}年支部活动安排（共 70 项）`);
  await expect(member.locator(".month-cal-title")).toHaveText(`${year}年1月`);
  await expect(member.locator("#shared-month")).toContainText(`主题党日：${THEME}`);
  // Read-only: no navigation, no links into the record book, no editing controls, no form fields.
  await expect(member.getByRole("navigation", { name: "主导航" })).toHaveCount(0);
  await expect(member.locator("a[href^='/activities'], a[href^='/study'], a[href^='/members']")).toHaveCount(0);
  await expect(member.locator(".plan-actions, .pe-edit, #export-ics, #share-open")).toHaveCount(0);
  for (const label of ["记录", "编辑", "改期", "取消", "修改", "删除"]) {
    await expect(member.getByRole("button", { name: label, exact: true })).toHaveCount(0);
  }
  await expect(member.locator("input, textarea")).toHaveCount(0);
  await shot(member, testInfo, "plan-04-shared-view");
  // The member may save the dates to their own calendar: same events, same UIDs.
  const [memberDownload] = await Promise.all([member.waitForEvent("download"), member.locator("#shared-ics").click()]);
  expect(memberDownload.suggestedFilename()).toBe(`支部日程-${year}.ics`);
  const memberIcsPath = testInfo.outputPath("shared.ics");
  await memberDownload.saveAs(memberIcsPath);
  const memberLines = checkIcs(readFileSync(memberIcsPath, "utf8"));
  expect(memberLines.filter((l) => l === "BEGIN:VEVENT")).toHaveLength(70);
  expect(memberLines).toContain(`UID:${editedId}@zhibu`);
  expect(memberLines).toContain(`SUMMARY:主题党日：${THEME_ICS}`);
  // Nothing was stored on the member's side: no database, no local storage.
  expect(await member.evaluate(async () => (await indexedDB.databases()).length)).toBe(0);
  expect(await member.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);

  // ---- 6. a damaged, cut or oversized link says so in Chinese ----
  const hashAt = link.indexOf("#");
  const mid = hashAt + Math.floor((link.length - hashAt) / 2);
  const flipped = link.slice(0, mid) + (link[mid] === "A" ? "B" : "A") + link.slice(mid + 1);
  for (const [bad, words] of [
    [flipped, /链接.*(损坏|有误)/],
    [link.slice(0, mid), /链接.*(不完整|损坏)/],
    [`${origin}/#/s/1.${"A".repeat(40_000)}`, /链接过长/],
    [`${origin}/#/s/9.abc`, /更新版本/],
  ] as const) {
    await member.goto(bad);
    await expect(member.locator("#shared-error")).toBeVisible();
    await expect(member.locator("#shared-error")).toContainText(words);
    await expect(member.locator(".shared-screen")).toHaveCount(0);
  }
  await shot(member, testInfo, "plan-05-shared-damaged");
  expect(await member.evaluate(async () => (await indexedDB.databases()).length)).toBe(0);
  guard.assertClean();
  await member.context().close();
});

test("study plan: refused until valid, saved, linked, counted; schedule: move, cancel, restore, record", async ({
  page,
}, testInfo) => {
  await loadDemo(page);
  const year = await browserYear(page);

  // ---- the study plan ----
  await page.goto(`/study?year=${year}`);
  await waitForApp(page);
  const completion = page.locator("#st-completion");
  const before = ((await completion.textContent()) ?? "").match(/学习计划完成 (\d+)\/(\d+)/);
  expect(before).not.toBeNull();
  const [done0, total0] = [Number(before![1]), Number(before![2])];
  const rowsBefore = await page.locator(".study-plan tbody tr").count();

  await page.locator("#st-add").click();
  await page.locator("#sf-topic").fill("   ");
  await page.locator("#sf-hours").fill("120");
  await page.locator("#sf-save").click();
  await expect(page.locator("#sf-topic-err")).toHaveText("请填写学习主题");
  await expect(page.locator("#sf-hours-err")).toHaveText("学时应在 0 到 100 之间");
  await expect(page.locator("#sf-topic")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator(".study-plan tbody tr")).toHaveCount(rowsBefore); // nothing saved
  await shot(page, testInfo, "plan-06-study-form-errors");

  await page.locator("#sf-date").fill(`${year}-12-28`);
  await page.locator("#sf-topic").fill("学习党章总纲并交流体会");
  await page.locator("#sf-materials").fill("《中国共产党章程》");
  await page.locator("#sf-hours").fill("2");
  await page.locator("#sf-format").selectOption("seminar");
  await page.locator("#sf-leader").selectOption({ index: 1 });
  await page.locator("#sf-save").click();
  await expect(page.locator("#study-form")).toHaveCount(0);
  await expect(page.locator(".study-plan tbody tr")).toHaveCount(rowsBefore + 1);
  const added = page.locator(".study-plan tbody tr", { hasText: "学习党章总纲并交流体会" });
  await expect(added).toContainText("研讨");
  await expect(added).toContainText("未学");
  await expect(completion).toHaveText(`学习计划完成 ${done0}/${total0 + 1}`);
  // The row is redrawn when ticked: click, then look at the new row.
  await added.locator("input[type=checkbox]").click();
  await expect(added.locator("input[type=checkbox]")).toBeChecked();
  await expect(completion).toHaveText(`学习计划完成 ${done0 + 1}/${total0 + 1}`);
  // Survives a reload (it was stored, not only shown).
  await page.reload();
  await waitForApp(page);
  await expect(page.locator("#st-completion")).toHaveText(`学习计划完成 ${done0 + 1}/${total0 + 1}`);

  // ---- the schedule: move, cancel (confirmed), restore, record ----
  await page.goto("/schedule");
  await waitForApp(page);
  const first = page.locator(".upcoming .agenda-item").first();
  const id = await first.getAttribute("data-id");
  const item = page.locator(`.upcoming .agenda-item[data-id="${id}"]`);
  await item.locator(".act-move").click();
  const oldDate = (await item.getAttribute("data-date"))!;
  const [y, m, d] = oldDate.split("-").map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  await item.locator(".move-form input[type=date]").fill(next);
  await item.locator(".move-form button[type=submit]").click();
  await expect(page.locator(`.upcoming .agenda-item[data-id="${id}"]`)).toHaveAttribute("data-date", next);

  const moved = page.locator(`.upcoming .agenda-item[data-id="${id}"]`);
  await moved.locator(".act-cancel").click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("将标记为“已取消”");
  await dialog.getByRole("button", { name: "确认取消" }).click();
  await expect(page.locator(`.upcoming .agenda-item[data-id="${id}"]`)).toHaveCount(0); // cancelled: not upcoming
  await page.goto(`/schedule?month=${next.slice(0, 7)}`);
  await waitForApp(page);
  const inMonth = page.locator(`.month-list .agenda-item[data-id="${id}"]`);
  await expect(inMonth).toHaveClass(/st-cancelled/);
  await expect(inMonth).toContainText("已取消");
  await inMonth.locator(".act-restore").click();
  await expect(inMonth).toHaveClass(/st-planned/);

  // 记录 opens the record form for this very entry, to be saved as held.
  await inMonth.locator(".act-record").click();
  await expect(page).toHaveURL(new RegExp(`/activities/${id}/edit\\?hold=1$`));
  await waitForApp(page);
  // The plan left host and recorder open; recording fills them in by office, as for a new record.
  await expect(page.locator("#af-host")).not.toHaveValue("");
  if ((await page.locator("#af-kind").inputValue()) !== "group_meeting") {
    await expect(page.locator("#af-recorder")).not.toHaveValue("");
  }
  await shot(page, testInfo, "plan-07-record-from-plan");
});

test("the printable schedule fits the year on one sheet", async ({ page }, testInfo) => {
  await loadDemo(page);
  const year = await browserYear(page);
  await page.goto("/schedule");
  await waitForApp(page);
  await page.locator("#print-schedule").click();
  await expect(page).toHaveURL(new RegExp(`/schedule/print\\?year=${year}$`));
  await expect(page.locator(".sched-print h1")).toContainText(`${year}年组织生活安排`);
  await expect(page.locator(".sp-month")).toHaveCount(12);
  await expect(page.locator(".sched-print")).not.toContainText("谈心谈话");
  await shot(page, testInfo, "plan-08-print-preview");
  if (testInfo.project.name === "desktop") {
    await page.emulateMedia({ media: "print" });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBe(1);
  }
});

test("我的: own items, attendance, 补学 and hours; remembered only when asked", async ({ page }, testInfo) => {
  await loadDemo(page);
  await page.goto("/my");
  await waitForApp(page);
  await expect(page.locator("main")).toContainText("选择本人姓名后");
  const select = page.locator("#my-member");
  // A party member (activists have no attendance figures).
  const labels = await select.locator("option").allTextContents();
  const index = labels.findIndex((l, i) => i > 0 && !l.includes("积极分子"));
  await select.selectOption({ index });
  const name = ((await select.locator("option:checked").textContent()) ?? "").trim();
  await expect(page.locator("h1")).toHaveText(`我的 · ${name}`);
  await expect(page.locator("#my-hours")).toContainText("/ 32 学时");
  const expected = Number(await page.locator("#my-expected").textContent());
  const attended = Number(await page.locator("#my-attended").textContent());
  expect(expected).toBeGreaterThan(0);
  expect(attended).toBeLessThanOrEqual(expected);
  await expect(page.locator(".my-owed h2")).toContainText("待补学");
  await shot(page, testInfo, "plan-09-my");

  // Not ticked: a reload forgets.
  await page.reload();
  await waitForApp(page);
  await expect(page.locator("h1")).toHaveText("我的");
  // Ticked: remembered on this device.
  await select.selectOption({ index });
  await page.locator("#my-remember").check();
  await page.waitForTimeout(300);
  await page.reload();
  await waitForApp(page);
  await expect(page.locator("h1")).toHaveText(`我的 · ${name}`);
  await expect(page.locator("#my-remember")).toBeChecked();
  // Unticked: forgotten again.
  await page.locator("#my-remember").uncheck();
  await page.waitForTimeout(300);
  await page.reload();
  await waitForApp(page);
  await expect(page.locator("h1")).toHaveText("我的");
});
