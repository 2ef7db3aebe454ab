// 整改清单 and 民主评议 followed through the year (issue #18): a branch whose 组织生活会 of last December left a
// 整改 item that is now overdue and one due within two weeks, with a 民主评议 combined with it. The journey:
// 概览 warns about the overdue item and leads to its record → 我的 shows a member their own rating and their
// own items and nothing of anyone else's → 统计 counts the review (combined with the 组织生活会) and lists the
// ratings → the item is closed with a date in the record form → the warning is gone → backup, clear, restore
// brings all of it back.
import { readFileSync } from "node:fs";
import type { Page, TestInfo } from "@playwright/test";
import { test, expect, openApp, waitForApp, shot, importBackupText } from "./helpers";

test.describe.configure({ timeout: 120_000 });

const BRANCH = "整改测试党支部";
const main = (page: Page) => page.locator("main");

/** Today in the app's zone (the tests run with Asia/Shanghai), shifted by `days`, as YYYY-MM-DD. */
function dayFromToday(days: number): string {
  const d = new Date(Date.now() + 8 * 3600_000 + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

function fixture(): string {
  const lastYear = new Date(Date.now() + 8 * 3600_000).getUTCFullYear() - 1;
  const members = [
    ["m-1", "王书记"],
    ["m-2", "赵委员"],
    ["m-3", "孙党员"],
    ["m-4", "李党员"],
  ].map(([id, name]) => ({ id, name, kind: "full", party_joined: "2010-07-01", joined_branch: "2020-01-01" }));
  const everyone = members.map((m) => ({ member: m.id, status: "present" }));
  const meeting = {
    id: "a-life",
    kind: "org_life_meeting",
    status: "held",
    date: `${lastYear}-12-18`,
    start: "09:00",
    end: "11:30",
    location: "党员活动室",
    theme: `${lastYear}年度组织生活会`,
    host: "m-1",
    recorder: "m-2",
    agenda: ["通报支部工作情况", "党员对照检查", "开展批评与自我批评", "民主评议党员"],
    attendance: everyone,
    study_hours: 2,
    review: {
      ballot: `${lastYear}-12-18`,
      decided: `${lastYear}-12-18`,
      members: [
        { member: "m-1", ballots: { excellent: 3, qualified: 1 }, rating: "excellent" },
        { member: "m-2", ballots: { excellent: 1, qualified: 3 }, rating: "qualified" },
        { member: "m-3", ballots: { qualified: 4 }, rating: "qualified" },
        { member: "m-4", ballots: { qualified: 3, basically_qualified: 1 }, rating: "basically_qualified" },
      ],
    },
    examinations: [{ member: "m-2", points: "理论学习不够系统", criticism: "发言准备不足" }],
    rectifications: [
      { id: "r1", problem: "谈心谈话覆盖不全", measure: "支委分片谈心", owner: "m-2", due: dayFromToday(-20) },
      { id: "r2", problem: "学习形式单一", measure: "轮流领学", owner: "m-3", due: dayFromToday(7) },
      { id: "r3", problem: "制度不健全", measure: "修订制度", owner: null, due: `${lastYear}-12-31`, closed: `${lastYear}-12-30` },
    ],
  };
  return JSON.stringify({
    format: "zhibu-backup",
    version: 4,
    exported_at: `${lastYear + 1}-01-05T10:00:00+08:00`,
    app_version: "0.1.0",
    branch_name: BRANCH,
    counts: { groups: 0, members: 4, activities: 1, attendance_entries: 4, study_items: 0, rules: 0 },
    data: {
      branch: {
        name: BRANCH,
        parent_org: "测试机关党委",
        committee: [
          { role: "secretary", member: "m-1" },
          { role: "organization", member: "m-2" },
        ],
      },
      groups: [],
      members,
      activities: [meeting],
      study_items: [],
    },
  });
}

async function importBackup(page: Page, name: string, text: string): Promise<void> {
  await importBackupText(page, name, text, BRANCH);
}

async function overdueAlert(page: Page) {
  await page.goto("/");
  await waitForApp(page);
  return main(page).locator(".alert-item", { hasText: "整改事项已超期：谈心谈话覆盖不全" });
}

test("an overdue 整改 item is on 概览 until closed; ratings and items reach 我的, 统计 and a backup", async ({ page }, testInfo) => {
  await openApp(page, "/data");
  await importBackup(page, "fixture.json", fixture());

  // ---- 概览: the overdue item (注意) and the one due soon (提示), each leading to the record
  let alert = await overdueAlert(page);
  await expect(alert).toBeVisible();
  await expect(alert).toContainText("赵委员");
  const soon = main(page).locator(".alert-item", { hasText: "整改事项即将到期：学习形式单一" });
  const showAll = page.getByRole("button", { name: /显示全部 \d+ 条提醒/ });
  if (await showAll.isVisible().catch(() => false)) await showAll.click();
  await expect(soon).toBeVisible();
  await shot(page, testInfo, "rectification-overview");
  // The message is the link (the 打开记录 button beside it is the same link, hidden from screen readers).
  await expect(alert.locator(".alert-action")).toHaveText("打开记录");
  await alert.getByRole("link", { name: /整改事项已超期/ }).click();
  await expect(page).toHaveURL(/\/activities\/a-life$/);

  // ---- 我的: 赵委员 sees their rating and their item; not 孙党员's item, nor anyone's rating but their own
  const lastYear = new Date(Date.now() + 8 * 3600_000).getUTCFullYear() - 1;
  await page.goto("/my?m=m-2");
  await waitForApp(page);
  const mine = main(page).locator(".my-review");
  // This year nobody has been rated yet; the item decided last December is followed here all the same.
  await expect(mine.locator("#my-rating")).toHaveText("这一年没有本人的评定等次。");
  await expect(mine.locator("#my-items")).toContainText("谈心谈话覆盖不全");
  await page.locator("#my-year").selectOption(String(lastYear));
  await expect(mine.locator("#my-rating")).toContainText("合格");
  await expect(mine.locator("#my-items li")).toHaveCount(1);
  await expect(mine.locator("#my-items")).toContainText("谈心谈话覆盖不全");
  await expect(mine.locator("#my-items")).toContainText("已超期");
  await expect(mine).toContainText("测评票：优秀1、合格3");
  // Nothing about anyone else: no other name, no other item.
  for (const other of ["王书记", "孙党员", "李党员", "学习形式单一", "制度不健全"]) {
    await expect(mine).not.toContainText(other);
  }
  await shot(page, testInfo, "rectification-my");
  // The year switch: last year's rating is where it was given.
  await page.goto("/my?m=m-4");
  await waitForApp(page);
  await expect(main(page).locator(".my-review #my-items")).toHaveCount(0);
  await expect(main(page).locator(".my-review")).toContainText("没有本人负责的整改事项");

  // ---- 统计, last year: the 民主评议 counts (combined with the 组织生活会), the ratings per member
  await page.goto(`/stats?tab=summary&year=${lastYear}`);
  await waitForApp(page);
  await expect(main(page)).toContainText("召开组织生活会1次并开展民主评议党员");
  await expect(main(page).locator("#sf-ratings")).toHaveText("4人：优秀1人、合格2人、基本合格1人");
  // Judged at the year's end: three items, one closed by then.
  await expect(main(page).locator("#sf-items")).toHaveText("3项，已完成1项");
  await page.goto(`/stats?tab=members&year=${lastYear}`);
  await waitForApp(page);
  const li = main(page).locator("table.member-attendance tr", { hasText: "李党员" });
  await expect(li).toContainText("基本合格");

  // ---- close the overdue item in the record form (完成日期 + 成效): the warning is gone, 我的 says 已完成
  await page.goto("/activities/a-life/edit");
  await waitForApp(page);
  await page.locator("#rc-r1-closed").fill(dayFromToday(0));
  await page.locator("#rc-r1-evidence").fill("已完成全覆盖谈心，记录存档");
  await page.locator("#af-save").click();
  await expect(page).toHaveURL(/\/activities\/a-life\?saved=1$/);
  alert = await overdueAlert(page);
  await expect(main(page).locator(".alerts-list")).toBeVisible();
  await expect(alert).toHaveCount(0);
  await page.goto("/my?m=m-2");
  await waitForApp(page);
  await expect(main(page).locator(".my-review #my-items")).toContainText("已完成");

  // ---- backup, clear, restore: everything comes back
  await page.goto("/data");
  await waitForApp(page);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "导出备份", exact: true }).click(),
  ]);
  const file = testInfo.outputPath("backup.json");
  await download.saveAs(file);
  const saved = JSON.parse(readFileSync(file, "utf8"));
  expect(saved.version).toBe(4);
  const life = saved.data.activities.find((a: { id: string }) => a.id === "a-life");
  expect(life.rectifications).toHaveLength(3);
  expect(life.rectifications[0].closed).toBe(dayFromToday(0));
  expect(life.review.members).toHaveLength(4);
  expect(life.examinations[0].criticism).toBe("发言准备不足");
  await page.getByRole("button", { name: "清空本地数据" }).click();
  const clear = page.getByRole("alertdialog");
  await clear.getByLabel(/请输入/).fill(BRANCH);
  await clear.getByRole("button", { name: "清空" }).click();
  await expect(main(page).locator(".alert-ok", { hasText: "已清空" })).toBeVisible();
  alert = await overdueAlert(page);
  await expect(alert).toHaveCount(0);
  await importBackup(page, "backup.json", readFileSync(file, "utf8"));
  await page.goto("/");
  await waitForApp(page);
  const showAgain = page.getByRole("button", { name: /显示全部 \d+ 条提醒/ });
  if (await showAgain.isVisible().catch(() => false)) await showAgain.click();
  await expect(main(page).locator(".alert-item", { hasText: "整改事项即将到期：学习形式单一" })).toBeVisible();
  await expect(main(page).locator(".alert-item", { hasText: "整改事项已超期" })).toHaveCount(0);
  await page.goto("/my?m=m-2");
  await waitForApp(page);
  await expect(main(page).locator(".my-review #my-items")).toContainText("已完成");
});

test("a backup whose 整改 item names nobody in the branch is refused in Chinese and changes nothing", async ({ page }) => {
  await openApp(page, "/data");
  await importBackup(page, "fixture.json", fixture());
  const bad = JSON.parse(fixture());
  bad.data.activities[0].rectifications[0].owner = "m-nobody";
  bad.data.activities[0].review.members[0].ballots.excellent = -1;
  await page.goto("/data");
  await waitForApp(page);
  await page.getByLabel("选择备份文件（.json）").setInputFiles({
    name: "bad.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(bad)),
  });
  await expect(main(page).locator(".alert-error, .error, [role=alert]").first()).toBeVisible();
  await expect(main(page).locator(".import-preview")).toHaveCount(0);
  // What was stored is unchanged: the overdue item is still there.
  const alert = await overdueAlert(page);
  await expect(alert).toBeVisible();
});
