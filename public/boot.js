// Starts the app without any inline script, so the page's CSP can forbid inline code.
// Trunk writes the hashed file names into <script type="application/json" id="zhibu-boot">
// (see Trunk.toml `pattern_script`); this same-origin module imports the wasm-bindgen glue from there.
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

if (!tag) {
  fail(new Error("missing #zhibu-boot"));
} else {
  import(tag.dataset.js)
    .then((glue) => glue.default({ module_or_path: tag.dataset.wasm }))
    .then(() => dispatchEvent(new CustomEvent("TrunkApplicationStarted")))
    .catch(fail);
}
