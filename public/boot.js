// Starts the app without any inline script, so the page's CSP can forbid inline code.
// scripts/build.mjs writes the hashed file names into the data attributes of
// <script type="application/json" id="zhibu-boot">; this same-origin module imports the wasm-bindgen glue
// named there and starts the main wasm module.
// Once the app runs, it registers the service worker (public/sw.js) for offline use and updates.
const tag = document.getElementById("zhibu-boot");

function fail(err) {
  console.error("支部台账启动失败", err);
  const box = document.createElement("div");
  box.className = "error-banner boot-error";
  box.setAttribute("role", "alert");
  const h = document.createElement("h2");
  h.textContent = "支部台账未能启动";
  const p = document.createElement("p");
  p.textContent =
    "请刷新页面重试；如仍失败，请换用较新版本的 Chrome、Edge、Firefox 或 Safari。本机数据不受影响。";
  box.append(h, p);
  document.body.prepend(box);
}

// The service worker: registered after the app has started (it never delays the first screen). When a new
// version has been installed while an older one controls this page, the app is told with the window event
// "zhibu-update-ready" (components/app_update.rs shows 支部台账有新版本); its 立即刷新 dispatches
// "zhibu-update-apply", which lets the waiting worker take over and reloads the page under it.
// Failing to register only costs offline use: a warning, never an error.
function registerServiceWorker(base) {
  if (!("serviceWorker" in navigator)) return;
  const sw = navigator.serviceWorker;
  let reloading = false;
  sw.addEventListener("controllerchange", () => {
    if (applying && !reloading) {
      reloading = true;
      location.reload();
    }
  });
  let applying = false;
  let registration = null;
  addEventListener("zhibu-update-apply", () => {
    applying = true;
    const waiting = registration && registration.waiting;
    if (waiting) waiting.postMessage({ type: "SKIP_WAITING" });
    else location.reload();
  });
  const announce = () => dispatchEvent(new CustomEvent("zhibu-update-ready"));
  let registering;
  try {
    registering = sw.register(`${base}sw.js`, { scope: base, updateViaCache: "none" });
  } catch (err) {
    registering = Promise.reject(err);
  }
  registering
    .then((reg) => {
      registration = reg;
      if (reg.waiting && sw.controller) announce();
      reg.addEventListener("updatefound", () => {
        const worker = reg.installing;
        if (!worker) return;
        worker.addEventListener("statechange", () => {
          if (worker.state === "installed" && sw.controller) announce();
        });
      });
    })
    .catch((err) => console.warn("支部台账：离线功能未能启用（service worker 注册失败）", err));
}

// When this browser's database had data last time (localStorage "zhibu-has-data", kept by ui::state), the
// start needs its pack (`pack-start`, all of 概览's chunks in one file): fetch it now, with the main module
// (the chunk loader asks for the same URL once it runs, and gets this response). A stale hint costs only this
// fetch.
function preloadStartPacks() {
  let hinted = false;
  try {
    hinted = localStorage.getItem("zhibu-has-data") === "1";
  } catch {
    // No localStorage (e.g. blocked): the loader fetches the pack when needed.
  }
  if (!hinted) return;
  for (const href of (tag.dataset.startPacks || "").split(" ").filter(Boolean)) {
    const link = document.createElement("link");
    link.rel = "preload";
    link.as = "fetch";
    link.crossOrigin = "anonymous";
    link.href = href;
    document.head.append(link);
  }
}

if (!tag) {
  fail(new Error("missing #zhibu-boot"));
} else {
  preloadStartPacks();
  import(tag.dataset.js)
    .then((glue) => glue.default({ module_or_path: tag.dataset.wasm }))
    .then(() => {
      // The glue's URL is "/zhibu-<hash>.js": the worker sits next to it, at the site root.
      registerServiceWorker(tag.dataset.js.slice(0, tag.dataset.js.lastIndexOf("/") + 1));
    }, fail);
}
