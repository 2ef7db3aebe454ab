// 多设备同步, whole journeys against a real CouchDB-compatible server (pouchdb-server behind the proxy that
// enforces CouchDB 3's access rules; see tests/e2e/couch.ts). Two browser contexts are two devices, each with
// its own IndexedDB. Each test has its own database and users.
//
// Offline moments and refused requests make the browser log "Failed to load resource" errors: expected here.
import { readFileSync } from "node:fs";
import type { Browser, Page, TestInfo } from "@playwright/test";
import { test, expect, openApp, waitForApp, shot, freshPage } from "./helpers";
import {
  provisionBranch,
  newUser,
  uniqueDbName,
  putRaw,
  getDoc,
  allDocs,
  conflicts,
  leaves,
  cutAfter,
  restore,
  proxyLog,
  pouchMemory,
  pouchRemoteWithSession,
  pouchReplicate,
  type User,
} from "./couch";

test.describe.configure({ timeout: 180_000 });
// The journeys run at desktop width; the conflict journey (the widest page) also at 390 px.
const desktopOnly = (testInfo: TestInfo) => test.skip(testInfo.project.name !== "desktop", "desktop only: the protocol does not depend on the width");
const NETWORK_ERRORS = [/Failed to load resource|ERR_INTERNET_DISCONNECTED|ERR_EMPTY_RESPONSE|ERR_CONNECTION/];
test.use({ allowConsoleErrors: NETWORK_ERRORS });

const mark = (page: Page) => page.locator(".topbar .sync-mark");
const main = (page: Page) => page.locator("main");

/** Waits until the device says 已同步 (after any run in progress). */
async function synced(page: Page, timeout = 60_000) {
  await expect(mark(page)).toHaveText("已同步", { timeout });
}

/** Logs in on 数据 → 同步 and waits for the first sync to finish. */
async function enableSync(page: Page, db: string, user: User, expectSynced = true) {
  await openApp(page, "/data/sync");
  await page.getByLabel("服务器数据库地址").fill(`/couchdb/${db}`);
  await page.getByLabel("用户名").fill(user.name);
  await page.getByLabel("密码").fill(user.password);
  await page.getByRole("button", { name: "登录并开启同步" }).click();
  if (expectSynced) await synced(page);
}

async function loadDemo(page: Page) {
  await openApp(page, "/");
  await page.getByRole("button", { name: "载入示例支部" }).click();
  await expect(main(page).locator(".recent li").first()).toBeVisible({ timeout: 30_000 });
}

/** Everything a device holds, as its backup file's `data` (exported through 数据 → 导出备份). */
async function backupData(page: Page, testInfo: TestInfo, name: string): Promise<any> {
  await openApp(page, "/data");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "导出备份", exact: true }).click(),
  ]);
  const file = testInfo.outputPath(name);
  await download.saveAs(file);
  return JSON.parse(readFileSync(file, "utf8")).data;
}

async function device(browser: Browser) {
  return freshPage(browser);
}

async function saveBranchName(page: Page, name: string) {
  await openApp(page, "/members?tab=branch");
  await page.getByLabel("支部名称").fill(name);
  await page.getByRole("button", { name: "保存支部信息" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已保存" })).toBeVisible();
}

async function addMember(page: Page, name: string) {
  await openApp(page, "/members?tab=roster");
  await page.getByRole("button", { name: "添加人员" }).click();
  const form = page.locator("form.member-form");
  await form.getByLabel("姓名").fill(name);
  await form.getByLabel("转入本支部日期").fill("2020-01-01");
  await form.getByRole("button", { name: "保存" }).click();
  await expect(main(page).locator(".alert-ok")).toContainText(`已添加${name}`);
}

/** Edits one field of an activity through its form. */
async function editActivity(page: Page, id: string, field: "地点" | "内容", value: string) {
  await openApp(page, `/activities/${id}/edit`);
  const input = field === "地点" ? page.locator("#af-location") : page.locator("#af-content");
  await input.fill(value);
  await page.getByRole("button", { name: "保存记录" }).click();
  // The demo's first meetings are older than one member's 转入日期: the form says so once before saving.
  const anyway = page.getByRole("button", { name: "仍然保存" });
  const saved = new RegExp(`/activities/${id}(\\?saved=1)?$`);
  await expect(anyway.or(page.locator(".record-sheet")).first()).toBeVisible();
  if (await anyway.isVisible()) await anyway.click();
  await expect(page).toHaveURL(saved);
}

test("two devices edit different records offline, then both sync: identical data", async ({ page, browser }, testInfo) => {
  desktopOnly(testInfo);
  const db = await provisionBranch(uniqueDbName(testInfo, "two"));
  const secretary = await newUser("writer");
  const organiser = await newUser("writer");
  await loadDemo(page);
  await enableSync(page, db, secretary);
  await shot(page, testInfo, "sync-01-enabled");

  const { page: phone, guard } = await device(browser);
  await enableSync(phone, db, organiser);
  await openApp(phone, "/");
  await expect(phone.locator(".topbar .branch-name")).toHaveText(await page.locator(".topbar .branch-name").innerText());

  // Both offline: each changes something else.
  await page.context().setOffline(true);
  await phone.context().setOffline(true);
  await saveBranchName(page, "离线时改名的党支部");
  await addMember(phone, "离线新党员");
  await expect(mark(page)).toHaveText(/离线|待上传/, { timeout: 30_000 });
  await shot(page, testInfo, "sync-02-offline");

  await page.context().setOffline(false);
  await phone.context().setOffline(false);
  // Back online: a run at once (立即同步) instead of waiting for the next retry.
  for (const p of [page, phone, page]) {
    await openApp(p, "/data/sync");
    await p.getByRole("button", { name: "立即同步" }).click();
    await synced(p);
  }
  await expect(phone.locator(".topbar .branch-name")).toHaveText("离线时改名的党支部");
  const a = await backupData(page, testInfo, "a.json");
  const b = await backupData(phone, testInfo, "b.json");
  expect(b).toEqual(a);
  expect(a.members.some((m: any) => m.name === "离线新党员")).toBe(true);
  expect(await conflicts(db)).toEqual({});
  guard.assertClean(NETWORK_ERRORS);
});

test("the same activity edited on both devices: the conflict is shown, resolved, and nothing is lost", async ({ page, browser }, testInfo) => {
  const db = await provisionBranch(uniqueDbName(testInfo, "conflict"));
  const user = await newUser("writer");
  await loadDemo(page);
  await enableSync(page, db, user);
  const { page: phone, guard } = await device(browser);
  await enableSync(phone, db, user);

  const id = (await allDocs(db)).find((d) => d._id.startsWith("activity:") && d.status === "held")!._id.slice("activity:".length);
  await page.context().setOffline(true);
  await phone.context().setOffline(true);
  await editActivity(page, id, "地点", "书记改的：三楼会议室");
  await editActivity(phone, id, "内容", "组织委员补充的会议内容");
  await page.context().setOffline(false);
  await phone.context().setOffline(false);
  for (const p of [page, phone, page]) {
    await openApp(p, "/data/sync");
    await p.getByRole("button", { name: "立即同步" }).click();
    await expect(mark(p)).toHaveText("冲突 1", { timeout: 60_000 });
  }

  // Both versions side by side; the differing lines marked.
  const item = page.locator("article.conflict");
  await expect(item).toHaveCount(1);
  await expect(item.locator("tr.differs")).toHaveCount(2);
  await expect(item).toContainText("书记改的：三楼会议室");
  await expect(item).toContainText("组织委员补充的会议内容");
  await shot(page, testInfo, "sync-03-conflict");
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  // The server keeps both leaves until resolved.
  expect((await leaves(db, `activity:${id}`)).filter((l) => !l._deleted)).toHaveLength(2);

  // Keep the version that is not shown now; then both devices hold it and no conflict remains.
  await item.getByRole("button", { name: "改用另一版本" }).click();
  await expect(page.locator("article.conflict")).toHaveCount(0, { timeout: 30_000 });
  await expect(main(page).locator(".sync-conflicts")).toContainText("没有冲突");
  for (const p of [phone, page]) {
    await openApp(p, "/data/sync");
    await p.getByRole("button", { name: "立即同步" }).click();
    await synced(p);
  }
  const a = await backupData(page, testInfo, "a.json");
  const b = await backupData(phone, testInfo, "b.json");
  expect(b).toEqual(a);
  expect(await conflicts(db)).toEqual({});
  const kept = a.activities.find((x: any) => x.id === id);
  // Exactly one of the two edits is kept (the one chosen); the other was seen side by side before choosing.
  expect([kept.location === "书记改的：三楼会议室", kept.content === "组织委员补充的会议内容"].filter(Boolean)).toHaveLength(1);
  guard.assertClean(NETWORK_ERRORS);
});

test("a push cut off in the middle resumes from its checkpoint: no duplicate, no loss", async ({ page }, testInfo) => {
  desktopOnly(testInfo);
  const db = await provisionBranch(uniqueDbName(testInfo, "cut"));
  const user = await newUser("writer");
  await loadDemo(page);
  // Login, the database check, the checkpoint, the page's _revs_diff and its first two pieces of 100 go
  // through; then the connection drops.
  await cutAfter(db, 6);
  await enableSync(page, db, user, false);
  await expect(mark(page)).toHaveText("离线", { timeout: 60_000 });
  await expect(main(page).locator(".sync-headline")).toContainText("离线");
  const before = (await allDocs(db)).length;
  await restore(db);
  await page.getByRole("button", { name: "立即同步" }).click();
  await synced(page);
  const docs = await allDocs(db);
  const data = await backupData(page, testInfo, "a.json");
  const records = 1 + data.groups.length + data.members.length + data.activities.length + data.study_items.length;
  expect(docs.length).toBe(records);
  expect(before).toBeGreaterThan(0);
  expect(before).toBeLessThan(records);
  expect(await conflicts(db)).toEqual({});
  for (const d of docs.slice(0, 20)) expect(await leaves(db, d._id)).toHaveLength(1);
  // What was sent before the cut was not sent again.
  const log = await proxyLog(db);
  const bulk = log.filter((e) => e.path.includes("_bulk_docs") && e.outcome === "forwarded");
  expect(bulk.length).toBe(Math.ceil(records / 100));

  // With sync on, replacing the data with a backup says that every device will follow.
  await openApp(page, "/data");
  await page.getByLabel("选择备份文件（.json）").setInputFiles(testInfo.outputPath("a.json"));
  await page.locator("main .import-preview").getByRole("button", { name: "导入并替换现有数据" }).click();
  await expect(page.getByRole("alertdialog")).toContainText("替换后的内容会同步到所有设备");
  await page.getByRole("alertdialog").getByRole("button", { name: "取消" }).click();
});

test("a wrong password and a stranger are told so; nothing is stored", async ({ page }, testInfo) => {
  desktopOnly(testInfo);
  const db = await provisionBranch(uniqueDbName(testInfo, "auth"));
  const user = await newUser("writer");
  const stranger = await newUser();
  await loadDemo(page);
  await enableSync(page, db, { ...user, password: "wrong-password" }, false);
  await expect(main(page).locator(".alert-error")).toContainText("用户名或密码不正确");
  await expect(mark(page)).toHaveCount(0);
  await enableSync(page, db, stranger, false);
  await expect(main(page).locator(".alert-error")).toContainText("没有权限访问这个数据库");
  await shot(page, testInfo, "sync-04-refused");
  await page.reload();
  await waitForApp(page);
  await expect(page.getByRole("button", { name: "登录并开启同步" })).toBeVisible();
  await expect(page.getByLabel("密码")).toHaveValue("");
  expect(await allDocs(db)).toHaveLength(0);
});

test("a read-only account gets everything, and its own edits stay on the device as 待上传", async ({ page, browser }, testInfo) => {
  desktopOnly(testInfo);
  const db = await provisionBranch(uniqueDbName(testInfo, "ro"));
  const writer = await newUser("writer");
  const reader = await newUser("reader");
  await loadDemo(page);
  await enableSync(page, db, writer);
  const { page: committee, guard } = await device(browser);
  await enableSync(committee, db, reader);
  const before = await getDoc(db, "branch");
  await saveBranchName(committee, "只读账户改的名字");
  await expect(mark(committee)).toHaveText("待上传 1", { timeout: 60_000 });
  await openApp(committee, "/data/sync");
  await expect(main(committee).locator(".sync-headline")).toContainText(/只能读取、不能写入|待上传/);
  await shot(committee, testInfo, "sync-05-read-only");
  expect((await getDoc(db, "branch"))!.name).toBe(before!.name);
  await committee.reload();
  await waitForApp(committee);
  await expect(committee.locator(".topbar .branch-name")).toHaveText("只读账户改的名字");
  guard.assertClean(NETWORK_ERRORS);
});

test("a hostile document put straight into the server is set aside; the device's data stays as it was", async ({ page }, testInfo) => {
  desktopOnly(testInfo);
  const db = await provisionBranch(uniqueDbName(testInfo, "hostile"));
  const user = await newUser("writer");
  await loadDemo(page);
  await enableSync(page, db, user);
  const member = (await allDocs(db)).find((d) => d._id.startsWith("member:"))!;
  const name = member.name as string;
  await putRaw(db, { ...member, name: `<img src=x onerror="window.__xss=1">${"长".repeat(500)}` });
  await putRaw(db, { _id: "activity:a-evil", type: "member", name: "类型不符" });
  await putRaw(db, { _id: "member:m-evil", type: "member", id: "m-evil", name: ["not", "text"], kind: "full" });
  await openApp(page, "/data/sync");
  await page.getByRole("button", { name: "立即同步" }).click();
  await synced(page);
  const rejected = main(page).locator("table.rejected-table tbody tr");
  await expect(rejected).toHaveCount(3);
  await expect(rejected.filter({ hasText: member._id })).toContainText("不能超过");
  await expect(rejected.filter({ hasText: "activity:a-evil" })).toContainText("与编号不符");
  await shot(page, testInfo, "sync-06-set-aside");
  await openApp(page, "/members?tab=roster");
  await expect(page.locator("table.members-table")).toContainText(name);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
});

test("PouchDB reads what the app wrote, and the app reads what PouchDB wrote, a conflicting edit included", async ({ page }, testInfo) => {
  desktopOnly(testInfo);
  const db = await provisionBranch(uniqueDbName(testInfo, "pouch"));
  const user = await newUser("writer");
  await loadDemo(page);
  await enableSync(page, db, user);
  const data = await backupData(page, testInfo, "app.json");

  // PouchDB (npm pouchdb, memory adapter) replicates the database through the same proxy and session.
  const remote = await pouchRemoteWithSession(db, user);
  const local = pouchMemory();
  await pouchReplicate(remote, local);
  const m = data.members[0];
  const doc: any = await local.get(`member:${m.id}`);
  expect(doc.type).toBe("member");
  expect(doc.name).toBe(m.name);
  expect(doc.joined_branch).toBe(m.joined_branch);
  expect((await local.allDocs()).rows.length).toBe((await allDocs(db, { design: true })).length);

  // PouchDB edits one member normally, and makes a conflicting edit of another (two leaves).
  await local.put({ ...doc, note: "PouchDB 改的备注" });
  const m2 = data.members[1];
  const d2: any = await local.get(`member:${m2.id}`, { revs: true });
  const [pos] = d2._rev.split("-");
  await local.bulkDocs(
    [
      {
        ...d2,
        phone: "13900000000",
        _rev: `${Number(pos) + 1}-ffffffffffffffffffffffffffffffff`,
        _revisions: { start: Number(pos) + 1, ids: ["ffffffffffffffffffffffffffffffff", ...d2._revisions.ids] },
      },
      {
        ...d2,
        phone: "13700000000",
        _rev: `${Number(pos) + 1}-00000000000000000000000000000001`,
        _revisions: { start: Number(pos) + 1, ids: ["00000000000000000000000000000001", ...d2._revisions.ids] },
      },
    ],
    { new_edits: false },
  );
  await pouchReplicate(local, remote);
  await openApp(page, "/data/sync");
  await page.getByRole("button", { name: "立即同步" }).click();
  await expect(mark(page)).toHaveText("冲突 1", { timeout: 60_000 });
  const after = await backupData(page, testInfo, "after.json");
  expect(after.members.find((x: any) => x.id === m.id).note).toBe("PouchDB 改的备注");
  // CouchDB's winner (the greater hash) is shown; the other version waits on the 同步 page.
  expect(after.members.find((x: any) => x.id === m2.id).phone).toBe("13900000000");
  await openApp(page, "/data/sync");
  await expect(page.locator("article.conflict")).toContainText("13700000000");
});
