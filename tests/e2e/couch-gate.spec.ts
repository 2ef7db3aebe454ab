// The sync tests' server side, proven at the HTTP level (no app page): the couch server behind the app's
// /couchdb/ path (scripts/couch-server.mjs + scripts/couch-proxy.mjs) answers as Apache CouchDB 3 does for a
// branch database — require_valid_user, `_security` members, a read-only role refused by `validate_doc_update`,
// replication writes with new_edits:false, longpoll through the proxy — and the proxy's test controls cut the
// connection as the sync tests need. Runs in the desktop project only (playwright.config.ts).
import { test, expect, type APIRequestContext } from "@playwright/test";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { join } from "node:path";
import {
  allDocs,
  changes,
  conflicts,
  cutAfter,
  getDoc,
  leaves,
  localDoc,
  login,
  newUser,
  pouchMemory,
  pouchRemote,
  pouchRemoteWithSession,
  pouchReplicate,
  provisionBranch,
  proxyControl,
  proxyLog,
  putRaw,
  putRawRevisions,
  refuse,
  restore,
  uniqueDbName,
  type User,
} from "./couch";

const member = (id: string, name: string) => ({ _id: `member:${id}`, type: "member", id, name, kind: "full" });
const replicated = (doc: Record<string, unknown>, rev: string, history: string[] = []) => ({
  ...doc,
  _rev: rev,
  _revisions: { start: Number(rev.split("-")[0]), ids: [rev.split("-")[1], ...history] },
});

let db: string;
let writer: User;
let reader: User;
let stranger: User;
const contexts: APIRequestContext[] = [];
async function as(user?: User) {
  const api = await login(user);
  contexts.push(api);
  return api;
}

test.beforeEach(async ({}, testInfo) => {
  db = await provisionBranch(uniqueDbName(testInfo, "gate"));
  [writer, reader, stranger] = await Promise.all([newUser("writer"), newUser("reader"), newUser("other")]);
});
test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.dispose()));
});

test("an anonymous request gets 401 everywhere except logging in", async () => {
  const anon = await as();
  for (const path of [`/couchdb/${db}`, `/couchdb/${db}/_changes`, "/couchdb/", "/couchdb/_all_dbs", "/couchdb/_session"]) {
    const r = await anon.get(path);
    expect(r.status(), path).toBe(401);
    expect(await r.json(), path).toEqual({ error: "unauthorized", reason: "Authentication required." });
  }
  const put = await anon.put(`/couchdb/${db}/member:m-1`, { data: member("m-1", "张三") });
  expect(put.status()).toBe(401);
  expect(await allDocs(db)).toEqual([]);
  // Logging in is open to anyone; a badly signed cookie is no session at all.
  const bad = await anon.get(`/couchdb/${db}`, { headers: { cookie: "AuthSession=bm9ib2R5OjA6AAAA" } });
  expect(bad.status()).toBe(401);
  const ok = await anon.post("/couchdb/_session", { data: { name: writer.name, password: writer.password } });
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toMatchObject({ ok: true, name: writer.name, roles: ["writer"] });
});

test("a wrong password gets 401 and no session, by cookie login or Basic credentials", async () => {
  const api = await as();
  const r = await api.post("/couchdb/_session", { data: { name: writer.name, password: "wrong" } });
  expect(r.status()).toBe(401);
  expect(await r.json()).toMatchObject({ error: "unauthorized" });
  expect((await api.storageState()).cookies.filter((c) => c.name === "AuthSession" && c.value)).toEqual([]);
  expect((await api.get(`/couchdb/${db}`)).status()).toBe(401);
  const basic = await api.get(`/couchdb/${db}`, {
    headers: { authorization: `Basic ${Buffer.from(`${writer.name}:wrong`).toString("base64")}` },
  });
  expect(basic.status()).toBe(401);
  const right = await api.get(`/couchdb/${db}`, {
    headers: { authorization: `Basic ${Buffer.from(`${writer.name}:${writer.password}`).toString("base64")}` },
  });
  expect(right.status()).toBe(200);
});

test("a user who is not a member of the database gets 403; names and db admins are members too", async () => {
  await putRaw(db, member("m-1", "张三"));
  const api = await as(stranger);
  // The session itself is fine, the database is not theirs.
  expect(await (await api.get("/couchdb/_session")).json()).toMatchObject({ userCtx: { name: stranger.name } });
  for (const path of [`/couchdb/${db}`, `/couchdb/${db}/_changes?style=all_docs&since=0`, `/couchdb/${db}/member:m-1`, `/couchdb/${db}/_local/x`]) {
    const r = await api.get(path);
    expect(r.status(), path).toBe(403);
    expect(await r.json(), path).toEqual({ error: "forbidden", reason: "You are not allowed to access this db." });
  }
  const revsDiff = await api.post(`/couchdb/${db}/_revs_diff`, { data: { "member:m-1": ["1-abc"] } });
  expect(revsDiff.status()).toBe(403);
  // Server-wide paths are for server admins, also for members; creating a database too.
  const w = await as(writer);
  expect((await w.get("/couchdb/_all_dbs")).status()).toBe(403);
  expect((await w.get(`/couchdb/_users/org.couchdb.user:${writer.name}`)).status()).toBe(403);
  expect((await w.put(`/couchdb/${db}-new`)).status()).toBe(403);
  expect((await w.get("/couchdb/")).status()).toBe(200);
  // A database whose _security was never set is admin-only (CouchDB 3's default).
  const bare = uniqueDbName(undefined, "bare");
  await provisionBranch(bare, { security: {} });
  expect((await w.get(`/couchdb/${bare}`)).status()).toBe(403);
  // Members by name, and a db admin by name, pass.
  const named = await newUser();
  const dbAdmin = await newUser();
  const other = uniqueDbName(undefined, "named");
  await provisionBranch(other, { security: { members: { names: [named.name] }, admins: { names: [dbAdmin.name] } } });
  expect((await (await as(named)).get(`/couchdb/${other}`)).status()).toBe(200);
  expect((await w.get(`/couchdb/${other}`)).status()).toBe(403);
  const admin = await as(dbAdmin);
  expect((await admin.get(`/couchdb/${other}/_security`)).status()).toBe(200);
  const written = await admin.put(`/couchdb/${other}/member:m-9`, { data: member("m-9", "王五") });
  expect(written.status()).toBe(201);
});

test("a reader reads, diffs, fetches revisions and keeps checkpoints, but every document write is refused", async () => {
  await putRawRevisions(db, [replicated(member("m-1", "张三"), "1-aaaa")]);
  const api = await as(reader);
  const info = await api.get(`/couchdb/${db}`);
  expect(info.status()).toBe(200);
  expect(await info.json()).toMatchObject({ db_name: db });
  const feed = await (await api.get(`/couchdb/${db}/_changes?style=all_docs&since=0&limit=100`)).json();
  expect(feed.results.map((c: { id: string }) => c.id).sort()).toEqual(["_design/access", "member:m-1"]);
  const diff = await api.post(`/couchdb/${db}/_revs_diff`, { data: { "member:m-1": ["1-aaaa", "2-bbbb"] } });
  expect(await diff.json()).toEqual({ "member:m-1": { missing: ["2-bbbb"] } });
  const got = await api.post(`/couchdb/${db}/_bulk_get?revs=true`, { data: { docs: [{ id: "member:m-1", rev: "1-aaaa" }] } });
  expect(got.status()).toBe(200);
  const gotDoc = (await got.json()).results[0].docs[0].ok;
  expect(gotDoc).toMatchObject({ _id: "member:m-1", _rev: "1-aaaa", name: "张三", _revisions: { start: 1, ids: ["aaaa"] } });
  // Checkpoints are _local documents: not replicated, not validated — a reader may keep its own.
  const cp = await api.put(`/couchdb/${db}/_local/zhibu-reader`, { data: { session_id: "s1", source_last_seq: 2, history: [] } });
  expect(cp.status()).toBe(201);
  expect(await localDoc(db, "zhibu-reader")).toMatchObject({ source_last_seq: 2 });
  // A document write: 403 from validate_doc_update, per document in _bulk_docs.
  const put = await api.put(`/couchdb/${db}/member:m-2`, { data: member("m-2", "李四") });
  expect(put.status()).toBe(403);
  expect(await put.json()).toMatchObject({ error: "forbidden" });
  const bulk = await api.post(`/couchdb/${db}/_bulk_docs`, {
    data: { new_edits: false, docs: [replicated({ ...member("m-1", "张三（改）") }, "2-cccc", ["aaaa"]), replicated(member("m-3", "赵六"), "1-dddd")] },
  });
  expect(bulk.status()).toBe(201);
  const answers = await bulk.json();
  expect(answers).toHaveLength(2);
  for (const a of answers) expect(a).toMatchObject({ error: "forbidden" });
  // Nothing changed on the server; _security and design documents are for admins.
  expect((await allDocs(db)).map((d) => [d._id, d._rev])).toEqual([["member:m-1", "1-aaaa"]]);
  expect((await api.put(`/couchdb/${db}/_security`, { data: {} })).status()).toBe(403);
  expect((await api.put(`/couchdb/${db}/_design/evil`, { data: { validate_doc_update: "function(){}" } })).status()).toBe(403);
  expect((await getDoc(db, "_design/access"))?.validate_doc_update).toContain("writer");
});

test("a writer replicates with new_edits:false: histories, conflicts and deletions are stored as sent", async () => {
  const api = await as(writer);
  const bulk = await api.post(`/couchdb/${db}/_bulk_docs`, {
    data: {
      new_edits: false,
      docs: [
        replicated(member("m-1", "张三"), "2-aaaa", ["1111"]),
        replicated(member("m-1", "张三丰"), "2-bbbb", ["1111"]),
        replicated({ _id: "activity:a-1", type: "activity", id: "a-1" }, "1-cccc"),
        { _id: "activity:a-1", _rev: "2-dddd", _deleted: true, _revisions: { start: 2, ids: ["dddd", "cccc"] } },
      ],
    },
  });
  expect(bulk.status()).toBe(201);
  expect(await bulk.json()).toEqual([]);
  // An update of a stored document keeps its history (pouchdb-server 4.2.0 with a validate_doc_update dropped
  // it silently; scripts/couch-server-fix.cjs).
  const update = await api.post(`/couchdb/${db}/_bulk_docs`, {
    data: { new_edits: false, docs: [replicated(member("m-1", "张三丰（改）"), "3-eeee", ["bbbb", "1111"])] },
  });
  expect(update.status()).toBe(201);
  expect((await getDoc(db, "member:m-1"))?._revisions).toEqual({ start: 3, ids: ["eeee", "bbbb", "1111"] });
  // CouchDB's deterministic winner: the same generation, the higher revision id wins.
  expect(await conflicts(db)).toEqual({ "member:m-1": ["2-aaaa"] });
  expect((await getDoc(db, "member:m-1"))?.name).toBe("张三丰（改）");
  expect((await leaves(db, "member:m-1")).map((d) => d._rev)).toEqual(["2-aaaa", "3-eeee"]);
  expect(await getDoc(db, "activity:a-1")).toBeNull();
  expect(await changes(db)).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ id: "activity:a-1", deleted: true }),
      expect.objectContaining({ id: "member:m-1", deleted: false }),
    ]),
  );
  // Design documents and _security stay the admins'.
  expect((await api.put(`/couchdb/${db}/_design/evil`, { data: {} })).status()).toBe(403);
  expect((await api.put(`/couchdb/${db}/_security`, { data: {} })).status()).toBe(403);
});

test("_changes?feed=longpoll waits in the proxy and answers as soon as a document is written", async () => {
  const api = await as(writer);
  const since = (await (await api.get(`/couchdb/${db}`)).json()).update_seq;
  const t0 = Date.now();
  let answeredAt = 0;
  const poll = api
    .get(`/couchdb/${db}/_changes?style=all_docs&feed=longpoll&timeout=20000&since=${since}`, { timeout: 30_000 })
    .then(async (r) => {
      answeredAt = Date.now();
      return { status: r.status(), body: await r.json() };
    });
  await new Promise((r) => setTimeout(r, 1000));
  expect(answeredAt, "the longpoll answered before anything changed").toBe(0);
  const writtenAt = Date.now();
  await putRaw(db, member("m-7", "孙七"));
  const { status, body } = await poll;
  expect(status).toBe(200);
  expect(body.results.map((c: { id: string }) => c.id)).toEqual(["member:m-7"]);
  expect(answeredAt - writtenAt, "longpoll answer delay after the write (ms)").toBeLessThan(2000);
  expect(answeredAt - t0).toBeGreaterThanOrEqual(1000);
});

test("refuse drops every request to one database until restored; 502/503 look like nginx's error pages", async () => {
  const api = await as(writer);
  const otherDb = await provisionBranch(uniqueDbName(undefined, "gate-other"));
  await refuse(db);
  await expect(api.get(`/couchdb/${db}`)).rejects.toThrow(/socket hang up|ECONNRESET|closed/i);
  await expect(api.post(`/couchdb/${db}/_revs_diff`, { data: {} })).rejects.toThrow();
  // Other databases and logging in are not affected by db's controls.
  expect((await api.get(`/couchdb/${otherDb}`)).status()).toBe(200);
  expect((await api.get("/couchdb/_session")).status()).toBe(200);
  await proxyControl({ db, refuse: true, as: 502 });
  const bad = await api.get(`/couchdb/${db}`);
  expect(bad.status()).toBe(502);
  expect(bad.headers()["content-type"]).toContain("text/html");
  expect(await bad.text()).toContain("502 Bad Gateway");
  await proxyControl({ db, refuse: true, as: 503 });
  expect((await api.get(`/couchdb/${db}`)).status()).toBe(503);
  await restore(db);
  expect((await api.get(`/couchdb/${db}`)).status()).toBe(200);
});

test("cutAfter forwards N requests, then refuses all; cut: response loses the answer of an applied write", async () => {
  const api = await as(writer);
  await cutAfter(db, 2);
  expect((await api.get(`/couchdb/${db}`)).status()).toBe(200);
  expect((await api.put(`/couchdb/${db}/member:m-1`, { data: member("m-1", "张三") })).status()).toBe(201);
  await expect(api.put(`/couchdb/${db}/member:m-2`, { data: member("m-2", "李四") })).rejects.toThrow();
  await expect(api.get(`/couchdb/${db}`)).rejects.toThrow();
  expect((await allDocs(db)).map((d) => d._id)).toEqual(["member:m-1"]);
  const log = await proxyLog(db);
  expect(log.map((e) => e.outcome)).toEqual(["forwarded", "forwarded", "refused (drop)", "refused (drop)"]);
  await restore(db);
  // The write reaches the server, its answer does not: the next attempt must cope with a write it never saw.
  await cutAfter(db, 0, "response");
  await expect(api.put(`/couchdb/${db}/member:m-2`, { data: member("m-2", "李四") })).rejects.toThrow();
  expect((await allDocs(db)).map((d) => d._id)).toEqual(["member:m-1", "member:m-2"]);
  await expect(api.get(`/couchdb/${db}`)).rejects.toThrow();
  await restore(db);
  const again = await api.put(`/couchdb/${db}/member:m-2`, { data: member("m-2", "李四") });
  expect(again.status()).toBe(409);
  // restore() keeps the log: a test can count what was sent before and after the cut.
  expect((await proxyLog(db)).map((e) => e.outcome)).toEqual([
    "forwarded",
    "forwarded",
    "refused (drop)",
    "refused (drop)",
    "answer lost",
    "refused (drop)",
    "forwarded",
  ]);
});

test("delayMs slows every request to one database", async () => {
  const api = await as(writer);
  await proxyControl({ db, delayMs: 600 });
  const t0 = Date.now();
  expect((await api.get(`/couchdb/${db}`)).status()).toBe(200);
  expect(Date.now() - t0).toBeGreaterThanOrEqual(600);
  await restore(db);
  const t1 = Date.now();
  await api.get(`/couchdb/${db}`);
  expect(Date.now() - t1).toBeLessThan(600);
});

test("what a refused request looks like to fetch in Chromium: a TypeError (drop) or nginx's 502 page", async ({ page }) => {
  const api = await as(writer);
  expect((await api.get(`/couchdb/${db}`)).status()).toBe(200);
  await page.goto("/index.html");
  const status = () =>
    page.evaluate(async (path) => {
      try {
        const r = await fetch(path, { credentials: "same-origin" });
        return `${r.status} ${r.headers.get("content-type")}`;
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`;
      }
    }, `/couchdb/${db}`);
  expect(await status()).toBe("401 application/json"); // no session in this browser
  await refuse(db);
  expect(await status()).toBe("TypeError: Failed to fetch");
  await proxyControl({ db, refuse: true, as: 502 });
  expect(await status()).toBe("502 text/html");
  await restore(db);
  expect(await status()).toBe("401 application/json");
});

test("PouchDB (Node) replicates through the proxy with a cookie session or Basic credentials, and straight to the server", async () => {
  const local = pouchMemory();
  await local.bulkDocs([member("m-1", "张三"), member("m-2", "李四")]);
  // Push as the writer with a cookie session, read back by a second replica with Basic credentials.
  await pouchReplicate(local, await pouchRemoteWithSession(db, writer));
  expect((await allDocs(db)).map((d) => d._id)).toEqual(["member:m-1", "member:m-2"]);
  const second = pouchMemory();
  const pulled = await pouchReplicate(pouchRemote(db, reader), second);
  expect(pulled.docs_written).toBe(3); // the two members and _design/access
  expect((await second.get("member:m-2")).name).toBe("李四");
  // The reader's push is refused per document and nothing changes on the server.
  await second.put({ ...(await second.get("member:m-1")), name: "张三（改）" });
  await expect(pouchReplicate(second, pouchRemote(db, reader))).rejects.toThrow(/doc_write_failures|forbidden/);
  expect((await getDoc(db, "member:m-1"))?.name).toBe("张三");
  // A stranger cannot even read.
  await expect(pouchReplicate(pouchRemote(db, stranger), pouchMemory())).rejects.toThrow();
  // Raw (admin party) replication.
  const raw = pouchMemory();
  expect((await pouchReplicate(pouchRemote(db), raw)).docs_written).toBe(3);
});

test("scripts/couch-server.mjs --persist: a restart (SIGUSR2) keeps the data and the sessions", async () => {
  test.setTimeout(90_000);
  const child = spawn(process.execPath, [join(__dirname, "..", "..", "scripts", "couch-server.mjs"), "--port", "auto", "--persist"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! });
  const nextLine = (re: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no line ${re}`)), 40_000);
      const on = (l: string) => {
        if (re.test(l)) {
          clearTimeout(t);
          lines.off("line", on);
          resolve(l);
        }
      };
      lines.on("line", on);
    });
  try {
    const ready = await nextLine(/couch-server ready/);
    const url = /(http:\/\/[\d.]+:\d+)/.exec(ready)![1];
    expect(ready).toContain(`pid ${child.pid}`);
    expect((await fetch(`${url}/kept`, { method: "PUT" })).status).toBe(201);
    const put = await fetch(`${url}/kept/member:m-1`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(member("m-1", "张三")) });
    expect(put.status).toBe(201);
    await fetch(`${url}/_users/org.couchdb.user:kept`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "kept", password: "pw", roles: ["writer"], type: "user" }),
    });
    const loginAnswer = await fetch(`${url}/_session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "kept", password: "pw" }) });
    const cookie = /AuthSession=[^;]*/.exec(loginAnswer.headers.get("set-cookie") || "")![0];
    const restarted = nextLine(/couch-server restarted/);
    child.kill("SIGUSR2");
    await restarted;
    expect(await (await fetch(`${url}/kept/member:m-1`)).json()).toMatchObject({ name: "张三" });
    expect(await (await fetch(`${url}/_session`, { headers: { cookie } })).json()).toMatchObject({ userCtx: { name: "kept" } });
  } finally {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }
});
