// The same-origin path to the CouchDB server: `/couchdb/<rest>` is forwarded to `<target>/<rest>` (the prefix
// stripped, the query string kept), streaming both ways (so `_changes?feed=longpoll` answers as soon as the
// server does), cookies and every other end-to-end header passed through — what production's nginx does with
// `location /couchdb/ { proxy_pass http://127.0.0.1:5984/; }`. If the server cannot be reached the answer is
// nginx's: 502 with an HTML body.
//
// gate: true adds what Apache CouchDB 3 enforces and pouchdb-server (admin party, `_security` stored but not
// checked) does not, so access rules are proven in tests:
//   - require_valid_user: a request without a valid session (cookie or Basic) gets 401
//     {"error":"unauthorized","reason":"Authentication required."}, except POST /_session (logging in);
//   - a server admin is a user with the role `_admin` or a name in `admins` (option; pouchdb-server cannot
//     store `_admin` in `_users`); a server admin's request goes to pouchdb-server without credentials, which
//     admin party treats as admin;
//   - `/`, `/_up`, `/_uuids` and `/_session` are for any valid user; every other top-level path (`/_all_dbs`,
//     `/_users/…`, `/_config`…) and creating or deleting a database are for server admins: 403;
//   - a database: server admins and the database's admins (`_security.admins` names/roles) may do everything;
//     members (`_security.members` names/roles) may read and write documents and `_local/` checkpoints (what
//     they may write is then up to `validate_doc_update`, which pouchdb-server runs) but not `_security`,
//     design documents, `_compact`, `_view_cleanup` or `_purge` (403 "You are not a db or server admin.");
//     anyone else gets 403 {"error":"forbidden","reason":"You are not allowed to access this db."}. A database
//     whose `_security` was never set is admin-only (CouchDB 3's default); one with empty member lists is
//     open to every valid user.
//   The session is read from the server (`GET /_session` with the request's Cookie/Authorization) and each
//   database's `_security` straight from the server, both cached for `cacheMs` (default 1000 ms; a login,
//   logout or `_security` change through the proxy clears them).
//
// testControls: true adds `/__test/couch` (outside the prefix), for tests only:
//   POST {db?, refuse?, as?, cutAfter?, cut?, delayMs?, reset?, clearLog?, flush?}: controls for requests to the database
//   `db` (or, without db, for every request that has no controls of its own database, top-level paths included):
//     refuse: true|false   refuse every request from now on (false: forward again);
//     as: "drop"|502|503   how a refused request looks: "drop" (default) destroys the connection without an
//                          answer, which `fetch` reports as a TypeError (like a cut cable or a stopped
//                          server); 502/503 are nginx's HTML error pages (CouchDB down behind nginx);
//     cutAfter: N          forward N more requests, then refuse every request (as with refuse: true);
//     cut: "request"|"response"  with cutAfter: the request after the N is refused before it reaches the
//                          server ("request", default), or reaches the server and is applied there but its
//                          answer is lost ("response");
//     delayMs: N           wait N ms before forwarding each request (a slow network);
//     reset: true          forget the controls of that scope (without db: of every scope); the log stays;
//     clearLog: true       forget the log of that database (without db: all of it);
//     flush: true          clear the session and `_security` caches.
//   GET [?db=NAME]: { controls, log } — the log lists the last requests through the proxy (method, path after
//   the prefix, db, status or outcome), for the database NAME only if given.
//
// Usage (scripts/serve-dist.mjs mounts it):
//   import { createCouchProxy } from "./couch-proxy.mjs";
//   const couch = createCouchProxy({ target: "http://127.0.0.1:5985", gate: true, testControls: true });
//   http.createServer((req, res) => { if (couch(req, res)) return; … });
import http from "node:http";

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
]);
const ANY_VALID_USER = new Set(["", "_session", "_up", "_uuids"]);
const DB_ADMIN_ONLY = new Set(["_security", "_compact", "_view_cleanup", "_purge"]);
const LOG_MAX = 2000;

const NGINX_PAGES = {
  502: "502 Bad Gateway",
  503: "503 Service Temporarily Unavailable",
};

function sendJson(res, status, body, headers = {}) {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "cache-control": "must-revalidate",
    ...headers,
  });
  res.end(text);
}

function sendNginxError(res, status) {
  const title = NGINX_PAGES[status] || `${status} Error`;
  const html = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
  res.writeHead(status, { "content-type": "text/html", "content-length": Buffer.byteLength(html) });
  res.end(html);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function readJsonBody(req, limit = 64 * 1024) {
  let size = 0;
  const chunks = [];
  for await (const c of req) {
    size += c.length;
    if (size > limit) throw new Error("body too large");
    chunks.push(c);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? JSON.parse(text) : {};
}

/**
 * Returns a request handler `(req, res) => boolean`: true when it took the request (a path under `prefix`, or
 * `/__test/couch` with testControls), false otherwise (the caller serves it).
 */
export function createCouchProxy({
  target,
  prefix = "/couchdb",
  gate = false,
  admins = [],
  testControls = false,
  cacheMs = 1000,
} = {}) {
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const sessions = new Map(); // cookie + authorization → { at, promise of {status, ctx, body} }
  const securities = new Map(); // db → { at, promise of _security or null (no such db) }
  const controls = new Map(); // "*" or a db name → { refuse, as, cutAfter, cut, delayMs }
  const log = [];

  const flush = () => {
    sessions.clear();
    securities.clear();
  };
  const record = (entry) => {
    log.push({ at: Date.now(), ...entry });
    if (log.length > LOG_MAX) log.splice(0, log.length - LOG_MAX);
  };

  // A request straight to the server (no credentials: admin party), answering { status, body }.
  async function ask(path, headers = {}) {
    const r = await fetch(`${upstream.origin}${path}`, { headers });
    const text = await r.text();
    let body = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: r.status, body };
  }

  function cached(map, key, load) {
    const hit = map.get(key);
    if (hit && Date.now() - hit.at < cacheMs) return hit.promise;
    const promise = load().catch((e) => {
      map.delete(key);
      throw e;
    });
    map.set(key, { at: Date.now(), promise });
    return promise;
  }

  // The session of a request: { anonymous } or { ctx: {name, roles} } or { status, body } (the server refused
  // the credentials, e.g. a wrong Basic password).
  function sessionOf(req) {
    const cookie = req.headers.cookie || "";
    const authorization = req.headers.authorization || "";
    if (!cookie && !authorization) return Promise.resolve({ anonymous: true });
    return cached(sessions, `${cookie}\n${authorization}`, async () => {
      const headers = {};
      if (cookie) headers.cookie = cookie;
      if (authorization) headers.authorization = authorization;
      const { status, body } = await ask("/_session", headers);
      if (status !== 200) return { status, body };
      const ctx = body?.userCtx;
      // Admin party answers an anonymous (or badly signed) request with name null and the role _admin.
      if (!ctx || !ctx.name) return { anonymous: true };
      return { ctx: { name: ctx.name, roles: Array.isArray(ctx.roles) ? ctx.roles : [] } };
    });
  }

  function securityOf(db) {
    return cached(securities, db, async () => {
      const { status, body } = await ask(`/${encodeURIComponent(db)}/_security`);
      if (status === 404) return null;
      if (status !== 200) throw new Error(`_security of ${db}: ${status}`);
      return body || {};
    });
  }

  const inList = (ctx, list) =>
    !!list &&
    ((Array.isArray(list.names) && list.names.includes(ctx.name)) ||
      (Array.isArray(list.roles) && ctx.roles.some((r) => list.roles.includes(r))));

  // Decides a request under the gate: { forward: true, asAdmin } or { status, body } to answer instead.
  async function decide(req, parts) {
    const first = parts[0] ?? "";
    if (req.method === "POST" && first === "_session" && parts.length === 1) return { forward: true };
    const session = await sessionOf(req);
    if (session.status) return { status: session.status, body: session.body };
    if (session.anonymous) return { status: 401, body: { error: "unauthorized", reason: "Authentication required." } };
    const { ctx } = session;
    const serverAdmin = ctx.roles.includes("_admin") || admins.includes(ctx.name);
    if (ANY_VALID_USER.has(first)) return { forward: true };
    if (serverAdmin) return { forward: true, asAdmin: true };
    const notServerAdmin = { status: 403, body: { error: "forbidden", reason: "You are not a server admin." } };
    if (first.startsWith("_")) return notServerAdmin;
    if (parts.length === 1 && (req.method === "PUT" || req.method === "DELETE")) return notServerAdmin;
    const sec = await securityOf(first);
    if (sec === null) return { forward: true }; // no such database: the server's 404
    if (inList(ctx, sec.admins)) return { forward: true };
    const members = sec.members;
    const adminOnly = !members; // never set: CouchDB 3 creates databases admin-only
    const open = members && !(members.names?.length > 0) && !(members.roles?.length > 0);
    if (adminOnly || (!open && !inList(ctx, members))) {
      return { status: 403, body: { error: "forbidden", reason: "You are not allowed to access this db." } };
    }
    const second = parts[1] ?? "";
    const writes = !["GET", "HEAD"].includes(req.method);
    if ((DB_ADMIN_ONLY.has(second) && (writes || second !== "_security")) || (second === "_design" && writes)) {
      return { status: 403, body: { error: "forbidden", reason: "You are not a db or server admin." } };
    }
    return { forward: true };
  }

  // Refuses a request as the controls say: a dropped connection, or nginx's error page.
  function refuse(req, res, how, entry) {
    record({ ...entry, outcome: `refused (${how})` });
    if (how === "drop") {
      req.socket.destroy();
    } else {
      sendNginxError(res, Number(how));
    }
  }

  function forward(req, res, path, { asAdmin = false, dropResponse = false, entry }) {
    const headers = {};
    for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k)) headers[k] = v;
    if (asAdmin) {
      delete headers.cookie;
      delete headers.authorization;
    }
    headers.host = upstream.host;
    if (req.headers["transfer-encoding"] && !headers["content-length"]) headers["transfer-encoding"] = "chunked";
    const up = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path, headers, agent },
      (upRes) => {
        if (dropResponse) {
          // The server has the request (and applied it); its answer never reaches the client.
          record({ ...entry, status: upRes.statusCode, outcome: "answer lost" });
          upRes.resume();
          req.socket.destroy();
          return;
        }
        const out = {};
        for (const [k, v] of Object.entries(upRes.headers)) if (!HOP_BY_HOP.has(k)) out[k] = v;
        if (typeof out.location === "string" && out.location.startsWith(upstream.origin)) {
          out.location = prefix + out.location.slice(upstream.origin.length);
        }
        if ((path.split("?")[0] === "/_session" && req.method !== "GET") || path.includes("/_security")) flush();
        record({ ...entry, status: upRes.statusCode, outcome: "forwarded" });
        res.writeHead(upRes.statusCode, upRes.statusMessage, out);
        res.flushHeaders();
        upRes.pipe(res);
      },
    );
    up.on("error", (err) => {
      record({ ...entry, outcome: `server unreachable (${err.code || err.message})` });
      if (!res.headersSent) sendNginxError(res, 502);
      else res.destroy();
    });
    // The client went away (a longpoll given up, a cut): stop the server's side too.
    res.on("close", () => {
      if (!res.writableFinished) up.destroy();
    });
    req.pipe(up);
  }

  async function handleControls(req, res, url) {
    if (req.method === "GET") {
      const db = url.searchParams.get("db");
      sendJson(res, 200, {
        controls: Object.fromEntries(controls),
        log: db ? log.filter((e) => e.db === db) : log,
      });
      return;
    }
    if (req.method !== "POST") return sendJson(res, 405, { error: "method_not_allowed" });
    let body;
    try {
      body = await readJsonBody(req);
    } catch (e) {
      return sendJson(res, 400, { error: "bad_request", reason: String(e.message || e) });
    }
    const scope = typeof body.db === "string" && body.db ? body.db : "*";
    if (body.flush) flush();
    if (body.reset) {
      if (scope === "*") controls.clear();
      else controls.delete(scope);
    }
    if (body.clearLog) {
      if (scope === "*") log.length = 0;
      else for (let i = log.length - 1; i >= 0; i--) if (log[i].db === scope) log.splice(i, 1);
    }
    const c = { refuse: false, as: "drop", cutAfter: null, cut: "request", delayMs: 0, ...controls.get(scope) };
    if (body.refuse !== undefined) c.refuse = !!body.refuse;
    if (body.refuse === false) c.cutAfter = null;
    if (body.as !== undefined) {
      if (!["drop", "502", "503"].includes(String(body.as))) return sendJson(res, 400, { error: "bad_request", reason: "as: drop, 502 or 503" });
      c.as = String(body.as);
    }
    if (body.cutAfter !== undefined) {
      if (!Number.isInteger(body.cutAfter) || body.cutAfter < 0) return sendJson(res, 400, { error: "bad_request", reason: "cutAfter: an integer ≥ 0" });
      c.cutAfter = body.cutAfter;
      c.refuse = false;
    }
    if (body.cut !== undefined) {
      if (!["request", "response"].includes(body.cut)) return sendJson(res, 400, { error: "bad_request", reason: "cut: request or response" });
      c.cut = body.cut;
    }
    if (body.delayMs !== undefined) c.delayMs = Math.max(0, Number(body.delayMs) || 0);
    const touched = ["refuse", "as", "cutAfter", "cut", "delayMs"].some((k) => body[k] !== undefined);
    if (touched) controls.set(scope, c);
    sendJson(res, 200, { ok: true, scope, controls: controls.get(scope) ?? null });
  }

  async function handle(req, res, url) {
    const rest = req.url.slice(prefix.length) || "/";
    const path = rest.startsWith("/") ? rest : `/${rest}`;
    const parts = url.pathname
      .slice(prefix.length)
      .split("/")
      .filter(Boolean)
      .map((p) => {
        try {
          return decodeURIComponent(p);
        } catch {
          return p;
        }
      });
    const db = parts[0] && !parts[0].startsWith("_") ? parts[0] : null;
    const entry = { method: req.method, path, db };
    const c = (db && controls.get(db)) || controls.get("*");
    let dropResponse = false;
    if (c) {
      if (c.delayMs) await sleep(c.delayMs);
      if (c.refuse) return refuse(req, res, c.as, entry);
      if (c.cutAfter !== null) {
        if (c.cutAfter > 0) {
          c.cutAfter -= 1;
        } else {
          c.cutAfter = null;
          c.refuse = true;
          if (c.cut === "request") return refuse(req, res, c.as, entry);
          dropResponse = true;
        }
      }
    }
    let asAdmin = false;
    if (gate) {
      let verdict;
      try {
        verdict = await decide(req, parts);
      } catch (err) {
        // The server did not answer the session or `_security` lookup: what nginx says when it is down.
        record({ ...entry, outcome: `server unreachable (${err?.cause?.code || err.message})` });
        req.resume();
        return sendNginxError(res, 502);
      }
      if (!verdict.forward) {
        record({ ...entry, status: verdict.status, outcome: "gate" });
        req.resume();
        return sendJson(res, verdict.status, verdict.body);
      }
      asAdmin = !!verdict.asAdmin;
    }
    forward(req, res, path, { asAdmin, dropResponse, entry });
  }

  return function couchProxy(req, res) {
    const url = new URL(req.url, "http://localhost");
    const mine = url.pathname === prefix || url.pathname.startsWith(`${prefix}/`);
    const control = testControls && url.pathname === "/__test/couch";
    if (!mine && !control) return false;
    (control ? handleControls(req, res, url) : handle(req, res, url)).catch((err) => {
      if (!res.headersSent) sendJson(res, 500, { error: "proxy_error", reason: String(err?.message || err) });
      else res.destroy();
    });
    return true;
  };
}
