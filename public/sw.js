// 支部台账's service worker: keeps the app working with the network off after the first visit.
//
// The app makes no network requests of its own (all data is in IndexedDB), so this worker only has to
// serve the build output: every file of the build (dist/) is fetched into one cache at install
// ("precache") and answered from there ("cache first"); any navigation (/, /members, /activities/…,
// the app's client-side routes) is answered with the cached index.html. Anything else goes to the network.
//
// The two constants below are filled in after each build by scripts/build.mjs
// with the list of files and a hash of their contents, so a new build gives a byte-different sw.js, which
// the browser installs as an update. The new worker then waits until the page asks it to take over
// (public/boot.js shows the app's "有新版本" banner; 立即刷新 posts SKIP_WAITING).
const VERSION = "dev";
const PRECACHE = [];

const CACHE = `zhibu-${VERSION}`;
const SCOPE = new URL(self.registration.scope);
const INDEX = new URL("index.html", SCOPE).href;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      // `cache: "no-store"`: always the server's copy, and never written to the HTTP cache either, so the
      // install cannot collide with the page loading the same files (Chromium then failed the page's own
      // request with net::ERR_CACHE_WRITE_FAILURE).
      cache.addAll(PRECACHE.map((path) => new Request(new URL(path, SCOPE), { cache: "no-store" }))),
    ),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("zhibu-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  const type = event.data && event.data.type;
  if (type === "SKIP_WAITING") {
    self.skipWaiting();
  } else if (type === "VERSION" && event.ports[0]) {
    event.ports[0].postMessage(VERSION);
  }
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET" || new URL(req.url).origin !== SCOPE.origin) return;
  if (req.mode === "navigate") {
    event.respondWith(
      caches
        .open(CACHE)
        .then((cache) => cache.match(INDEX))
        .then((hit) => hit || fetch(req)),
    );
    return;
  }
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(req))
      .then((hit) => hit || fetch(req)),
  );
});
