// The CouchDB side of the sync tests: what a spec needs besides the app.
//
// playwright.config.ts starts scripts/couch-server.mjs (pouchdb-server, admin party, on disk in a temporary
// directory) and the app's static server with /couchdb/ proxied to it through scripts/couch-proxy.mjs, which
// enforces CouchDB 3's access rules (`gate`) and has the test controls (/__test/couch). Two ways in:
//   - through the proxy (`PROXY_URL`, same origin as the app): what the app and a logged-in user see;
//   - straight to the server (`couchUrl()`, "raw"): admin party, no checks — what `curl -X PUT` on the server's
//     own port does; for provisioning, for putting hostile documents in, and for reading what really is there.
// Every test provisions its own database (`uniqueDbName`) and users (`newUser`), so tests run in parallel;
// proxy controls are given per database for the same reason.
//
//   import { provisionBranch, newUser, login, proxyControl, leaves } from "./couch";
//   const db = await provisionBranch(uniqueDbName(testInfo));
//   const writer = await newUser("writer");
//   const api = await login(playwright, writer);       // an APIRequestContext with the session cookie
//   await proxyControl({ db, cutAfter: 3 });            // the 4th request to db and all after it are dropped
import { request as playwrightRequest, type APIRequestContext, type TestInfo } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import PouchDB from "pouchdb";
import PouchMemory from "pouchdb-adapter-memory";

PouchDB.plugin(PouchMemory);

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the tests through playwright.config.ts (it starts the couch server)`);
  return v;
}

/** The app's origin (the static server with the proxy and the test controls). */
export const BASE_URL = `http://127.0.0.1:${process.env.E2E_PORT || 4173}`;
/** The CouchDB path as the app sees it (same origin). */
export const PROXY_URL = `${BASE_URL}/couchdb`;
/**
 * The couch server itself (admin party: no login, no checks). Read when used: the variable is set once
 * Playwright has started the server, after the test files were loaded (and never for `--list`).
 */
export const couchUrl = (): string => env("E2E_COUCH_URL");
const CONTROL_URL = `${BASE_URL}/__test/couch`;

/** The validate_doc_update of `_design/access` (only `writer`, `_admin` and db admins may write documents). */
export const ACCESS_FUNCTION = readFileSync(join(__dirname, "..", "..", "scripts", "couch-access.js"), "utf8").trim();

/** A document as CouchDB returns it. */
export type Doc = { _id: string; _rev?: string; _deleted?: boolean; [k: string]: unknown };
export type User = { name: string; password: string; roles: string[] };
export type Security = {
  members?: { names?: string[]; roles?: string[] };
  admins?: { names?: string[]; roles?: string[] };
};

const rand = () => randomBytes(4).toString("hex");

/** A database name of its own for this test (CouchDB names: lower case, starting with a letter). */
export function uniqueDbName(testInfo?: TestInfo, label = "t"): string {
  const who = testInfo ? `w${testInfo.workerIndex}-` : "";
  return `${label.toLowerCase().replace(/[^a-z0-9_-]/g, "")}-${who}${Date.now().toString(36)}-${rand()}`;
}

/** The answer of a request straight to the couch server (as curl would send it). */
export type RawAnswer = { status: number; body: any; text: string };

/** A request straight to the couch server (admin party). `body` is sent as JSON. */
export async function raw(method: string, path: string, body?: unknown): Promise<RawAnswer> {
  const r = await fetch(`${couchUrl()}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await r.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: r.status, body: parsed, text };
}

async function rawOk(method: string, path: string, body?: unknown, ok = [200, 201, 202]): Promise<any> {
  const a = await raw(method, path, body);
  if (!ok.includes(a.status)) throw new Error(`${method} ${path}: ${a.status} ${a.text}`);
  return a.body;
}

const dbPath = (db: string) => `/${encodeURIComponent(db)}`;
const docPath = (db: string, id: string) =>
  `${dbPath(db)}/${id.startsWith("_design/") || id.startsWith("_local/") ? id.replace(/^(_\w+\/)(.*)$/, (_, p, r) => p + encodeURIComponent(r)) : encodeURIComponent(id)}`;

/** The default `_security` of a branch database: members are the roles writer and reader; no db admins. */
export const BRANCH_SECURITY: Security = {
  members: { names: [], roles: ["writer", "reader"] },
  admins: { names: [], roles: [] },
};

/**
 * Creates a branch database as production has it: `_security` (BRANCH_SECURITY unless given) and
 * `_design/access` (unless access: false). Returns the name.
 */
export async function provisionBranch(db: string, opts: { security?: Security; access?: boolean } = {}): Promise<string> {
  await rawOk("PUT", dbPath(db), undefined, [201, 412]);
  await setSecurity(db, opts.security ?? BRANCH_SECURITY);
  if (opts.access !== false) await putRaw(db, { _id: "_design/access", validate_doc_update: ACCESS_FUNCTION });
  return db;
}

/** Replaces the `_security` object of db (the proxy reads it again within a second; `proxyControl({flush})` at once). */
export async function setSecurity(db: string, security: Security): Promise<void> {
  await rawOk("PUT", `${dbPath(db)}/_security`, security);
}

/** Deletes db on the server (tests need not: the server's data is temporary). */
export async function dropDb(db: string): Promise<void> {
  await rawOk("DELETE", dbPath(db), undefined, [200, 404]);
}

/** Creates the user (or replaces its password and roles). */
export async function createUser(name: string, password: string, roles: string[] = []): Promise<User> {
  const path = `/_users/${encodeURIComponent(`org.couchdb.user:${name}`)}`;
  const old = await raw("GET", path);
  await rawOk("PUT", path, {
    ...(old.status === 200 ? { _rev: old.body._rev } : {}),
    _id: `org.couchdb.user:${name}`,
    name,
    password,
    roles,
    type: "user",
  });
  return { name, password, roles };
}

/** A new user with a unique name and these roles (a role name alone: "writer", "reader"; none: a stranger). */
export async function newUser(...roles: string[]): Promise<User> {
  return createUser(`u-${roles.join("-") || "none"}-${rand()}`, `pw-${rand()}`, roles);
}

/**
 * Puts a document straight into the server (admin party, as `curl -X PUT` would), bypassing the proxy's checks
 * (not `validate_doc_update`, which passes for the admin). Without `_rev`, the current revision is replaced.
 * Returns the new revision.
 */
export async function putRaw(db: string, doc: Doc): Promise<string> {
  let d = doc;
  if (!d._rev) {
    const old = await raw("GET", docPath(db, d._id));
    if (old.status === 200) d = { ...d, _rev: old.body._rev };
  }
  const a = await rawOk("PUT", docPath(db, d._id), d);
  return a.rev;
}

/**
 * Writes documents with given revisions straight into the server (`_bulk_docs` with new_edits:false), as a
 * replicator does: builds a conflict (two `N-x` leaves of one id) or a malformed history. A document without
 * `_revisions` gets one from its `_rev` alone.
 */
export async function putRawRevisions(db: string, docs: Doc[]): Promise<unknown> {
  const withHistory = docs.map((d) => {
    if (d._revisions || !d._rev) return d;
    const [n, hash] = String(d._rev).split("-");
    return { ...d, _revisions: { start: Number(n), ids: [hash] } };
  });
  return rawOk("POST", `${dbPath(db)}/_bulk_docs`, { new_edits: false, docs: withHistory });
}

/** Sends a raw body (maybe not JSON at all) to a path of the server; for hostile-input tests. */
export async function sendRaw(method: string, path: string, text: string): Promise<RawAnswer> {
  return raw(method, path, text);
}

/**
 * Every document of db as the server holds it: winners with `_conflicts` (design documents left out unless
 * asked), sorted by id. Deleted documents are not listed (see `leaves`).
 */
export async function allDocs(db: string, { design = false } = {}): Promise<Doc[]> {
  const a = await rawOk("GET", `${dbPath(db)}/_all_docs?include_docs=true&conflicts=true`);
  return (a.rows as { doc: Doc }[])
    .map((r) => r.doc)
    .filter((d) => design || !d._id.startsWith("_design/"))
    .sort((x, y) => (x._id < y._id ? -1 : 1));
}

/** One document (the winner) with `_conflicts` and `_deleted_conflicts`, or null if there is none (or it is deleted). */
export async function getDoc(db: string, id: string): Promise<Doc | null> {
  const a = await raw("GET", `${docPath(db, id)}?conflicts=true&deleted_conflicts=true&revs=true`);
  if (a.status === 404) return null;
  if (a.status !== 200) throw new Error(`GET ${id}: ${a.status} ${a.text}`);
  return a.body;
}

/** Every leaf revision of a document (`?open_revs=all`), deleted ones included, sorted by revision. */
export async function leaves(db: string, id: string): Promise<Doc[]> {
  const r = await fetch(`${couchUrl()}${docPath(db, id)}?open_revs=all&revs=true`, {
    headers: { accept: "application/json" },
  });
  if (r.status === 404) return [];
  if (!r.ok) throw new Error(`open_revs of ${id}: ${r.status} ${await r.text()}`);
  const rows = (await r.json()) as { ok?: Doc; missing?: string }[];
  return rows
    .filter((x) => x.ok)
    .map((x) => x.ok as Doc)
    .sort((a, b) => (String(a._rev) < String(b._rev) ? -1 : 1));
}

/** The documents of db that have conflicts: id → the losing revisions (empty when there are none). */
export async function conflicts(db: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const d of await allDocs(db, { design: true })) {
    const c = (d as { _conflicts?: string[] })._conflicts;
    if (c && c.length) out[d._id] = [...c].sort();
  }
  return out;
}

/** The ids and winning revisions of db's changes feed since 0 (deleted ones flagged). */
export async function changes(db: string): Promise<{ id: string; rev: string; deleted: boolean }[]> {
  const a = await rawOk("GET", `${dbPath(db)}/_changes?style=all_docs&since=0`);
  return (a.results as { id: string; changes: { rev: string }[]; deleted?: boolean }[]).map((c) => ({
    id: c.id,
    rev: c.changes[0].rev,
    deleted: !!c.deleted,
  }));
}

/** A `_local/` document of db (a checkpoint), or null. */
export async function localDoc(db: string, id: string): Promise<Doc | null> {
  const a = await raw("GET", `${dbPath(db)}/_local/${encodeURIComponent(id.replace(/^_local\//, ""))}`);
  return a.status === 200 ? a.body : null;
}

// ── Logging in through the proxy ────────────────────────────────────────────────────────────────────────────

/**
 * A request context logged in as `user` through the proxy (cookie session from POST /couchdb/_session; the
 * context keeps the cookie). Without a user: an anonymous context. Dispose it at the end (`await api.dispose()`).
 */
export async function login(user?: User | null): Promise<APIRequestContext> {
  const api = await playwrightRequest.newContext({ baseURL: BASE_URL });
  if (user) {
    const r = await api.post("/couchdb/_session", { data: { name: user.name, password: user.password } });
    if (r.status() !== 200) throw new Error(`login ${user.name}: ${r.status()} ${await r.text()}`);
  }
  return api;
}

/** The AuthSession cookie of a login through the proxy (for a browser context: `context.addCookies`). */
export async function sessionCookie(user: User): Promise<string> {
  const r = await fetch(`${PROXY_URL}/_session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: user.name, password: user.password }),
  });
  if (r.status !== 200) throw new Error(`login ${user.name}: ${r.status} ${await r.text()}`);
  const set = r.headers.get("set-cookie") || "";
  const m = /AuthSession=([^;]*)/.exec(set);
  if (!m) throw new Error(`login ${user.name}: no AuthSession cookie in ${set}`);
  return m[1];
}

// ── Proxy controls (tests only) ─────────────────────────────────────────────────────────────────────────────

/** Controls of the proxy for the requests to `db` (or, without db, for all the others). See scripts/couch-proxy.mjs. */
export type ProxyControl = {
  db?: string;
  refuse?: boolean;
  as?: "drop" | 502 | 503;
  cutAfter?: number;
  cut?: "request" | "response";
  delayMs?: number;
  reset?: boolean;
  clearLog?: boolean;
  flush?: boolean;
};

export async function proxyControl(c: ProxyControl): Promise<void> {
  const r = await fetch(CONTROL_URL, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(c),
  });
  if (!r.ok) throw new Error(`proxy control ${JSON.stringify(c)}: ${r.status} ${await r.text()}`);
}

/** The requests to db that went through the proxy (method, path after /couchdb, status or what happened). */
export type ProxyLogEntry = { at: number; method: string; path: string; db: string | null; status?: number; outcome: string };

export async function proxyLog(db: string): Promise<ProxyLogEntry[]> {
  const r = await fetch(`${CONTROL_URL}?db=${encodeURIComponent(db)}`);
  if (!r.ok) throw new Error(`proxy log: ${r.status}`);
  return (await r.json()).log;
}

/** Refuses every request to db from now on (a dropped connection unless `as` says 502/503), until `restore(db)`. */
export const refuse = (db: string, as: "drop" | 502 | 503 = "drop") => proxyControl({ db, refuse: true, as });
/** Forwards requests to db again (forgets its controls; its log stays: `proxyLog` still lists what came before). */
export const restore = (db: string) => proxyControl({ db, reset: true });
/** Forwards `n` more requests to db, then refuses every one (the next one before or after the server applied it). */
export const cutAfter = (db: string, n: number, cut: "request" | "response" = "request") =>
  proxyControl({ db, cutAfter: n, cut });

/**
 * Stops the couch server and starts it again on the same port with its data (and its cookie secret) kept:
 * SIGUSR2 to scripts/couch-server.mjs; waits until it has gone down and answers again. Shared by every test
 * running at that moment: use it in a serial test file.
 */
export async function restartCouch(): Promise<void> {
  const pid = Number(env("E2E_COUCH_PID"));
  const up = async () => {
    try {
      return (await fetch(`${couchUrl()}/`)).ok;
    } catch {
      return false;
    }
  };
  process.kill(pid, "SIGUSR2");
  const t0 = Date.now();
  while (await up()) {
    if (Date.now() - t0 > 5_000) throw new Error("the couch server did not go down after SIGUSR2");
    await new Promise((r) => setTimeout(r, 10));
  }
  while (!(await up())) {
    if (Date.now() - t0 > 30_000) throw new Error("the couch server did not come back after SIGUSR2");
    await new Promise((r) => setTimeout(r, 50));
  }
}

// ── PouchDB (Node, memory adapter): an independent CouchDB client ───────────────────────────────────────────

export type PouchDb = InstanceType<typeof PouchDB>;

/** A new empty PouchDB database in memory (a second, independent replica). */
export function pouchMemory(name = `pouch-${rand()}`): PouchDb {
  return new PouchDB(name, { adapter: "memory" });
}

/**
 * PouchDB's own fetch in Node keeps one cookie jar for the whole process (fetch-cookie), so a session cookie
 * one remote received would be sent by every other remote too (and win over their Basic credentials). Each
 * remote gets this fetch instead: Node's fetch, no jar, plus the headers given.
 */
function jarFreeFetch(extra: Record<string, string> = {}) {
  return (url: string, opts: { method?: string; body?: string; headers?: Headers; signal?: AbortSignal }) => {
    const headers = new Headers();
    opts.headers?.forEach((v: string, k: string) => headers.set(k, v));
    for (const [k, v] of Object.entries(extra)) headers.set(k, v);
    return fetch(url, { method: opts.method, body: opts.body, headers, signal: opts.signal });
  };
}

/**
 * The server database db as a PouchDB remote: through the proxy as `user` (Basic credentials on every request,
 * which the gate checks like a cookie), or straight to the server (admin party) without a user.
 */
export function pouchRemote(db: string, user?: User): PouchDb {
  if (!user) return new PouchDB(`${couchUrl()}${dbPath(db)}`, { skip_setup: true, fetch: jarFreeFetch() });
  return new PouchDB(`${PROXY_URL}${dbPath(db)}`, {
    skip_setup: true,
    auth: { username: user.name, password: user.password },
    fetch: jarFreeFetch(),
  });
}

/**
 * The server database db as a PouchDB remote through the proxy with a cookie session of `user` (as the app
 * logs in: POST /couchdb/_session, then the AuthSession cookie on every request).
 */
export async function pouchRemoteWithSession(db: string, user: User): Promise<PouchDb> {
  const cookie = `AuthSession=${await sessionCookie(user)}`;
  return new PouchDB(`${PROXY_URL}${dbPath(db)}`, { skip_setup: true, fetch: jarFreeFetch({ cookie }) });
}

/** One-shot replication with PouchDB; throws if it fails or a document could not be written. */
export async function pouchReplicate(from: PouchDb, to: PouchDb): Promise<{ docs_read: number; docs_written: number }> {
  const result = await PouchDB.replicate(from, to, { batch_size: 100 });
  if (!result.ok || result.doc_write_failures) {
    throw new Error(`PouchDB replication failed: ${JSON.stringify({ ...result, docs: undefined })}`);
  }
  return result;
}

export { PouchDB };
