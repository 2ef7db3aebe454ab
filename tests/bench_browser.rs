#![cfg(target_arch = "wasm32")]
//! Browser benchmarks (part of `bench/run`) on the LARGE demo branch, in headless Chromium:
//! - import of the backup text (`export::backup::from_json` + `Store::replace_all`) against a raw-JS baseline
//!   (`JSON.parse` + one transaction putting every record into the same object-store layout, in a separate
//!   database of the same page);
//! - full export (`Store::load_all` + `export::backup::to_json`) against raw JS (`getAll` on each store +
//!   `JSON.stringify`);
//! - the annual summary (the 统计 page's function) in wasm.
//!
//! Every test is `#[ignore]` so that the normal test run skips them. Run (release, as `bench/run` does):
//! `CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=900 cargo test --release --target
//! wasm32-unknown-unknown --test bench_browser -- --include-ignored --nocapture`.
//!
//! Lines starting with `RESULT` are read by `bench/run`: `RESULT <name> <median_ms> <min_ms> <max_ms> <runs>`.
//! Times come from `performance.now()`.

use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use zhibu::domain::demo::{generate, DemoSize};
use zhibu::domain::summary::{annual_summary, annual_summary_as_of};
use zhibu::domain::{Dataset, Date};
use zhibu::export::backup;
use zhibu::store::Store;

wasm_bindgen_test_configure!(run_in_browser);

/// Timed runs per figure (the median is reported): `BENCH_RUNS` at build time, default 7, at least 5.
const RUNS: usize = runs();

const fn runs() -> usize {
    let Some(text) = option_env!("BENCH_RUNS") else {
        return 7;
    };
    let bytes = text.as_bytes();
    let mut n = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            n = n * 10 + (bytes[i] - b'0') as usize;
        }
        i += 1;
    }
    if n < 5 {
        5
    } else {
        n
    }
}
/// The same fixed "today" and seed as `examples/bench_native.rs`.
const TODAY: (i32, u8, u8) = (2026, 11, 21);
const SEED: u64 = 7;

#[wasm_bindgen(inline_js = r#"
const STORES = [
  ["branch", null, []],
  ["groups", "id", []],
  ["members", "id", [["by_group", "group"]]],
  ["activities", "id", [["by_date", "date"], ["by_kind", "kind"]]],
  ["study_items", "id", [["by_date", "date"]]],
  ["meta", null, []],
  ["snapshots", "id", []],
];
const DATA = ["branch", "groups", "members", "activities", "study_items"];
function req(r) {
  return new Promise((ok, fail) => { r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
}
function done(tx) {
  return new Promise((ok, fail) => {
    tx.oncomplete = () => ok();
    tx.onerror = () => fail(tx.error);
    tx.onabort = () => fail(tx.error || new Error("aborted"));
  });
}
export function now_ms() { return performance.now(); }
export async function baseline_open(name) {
  await req(indexedDB.deleteDatabase(name));
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => {
    const db = open.result;
    for (const [store, keyPath, indexes] of STORES) {
      const s = keyPath ? db.createObjectStore(store, { keyPath }) : db.createObjectStore(store);
      for (const [index, path] of indexes) s.createIndex(index, path);
    }
  };
  return await req(open);
}
export async function baseline_delete(db, name) {
  db.close();
  await req(indexedDB.deleteDatabase(name));
}
// JSON.parse + clear + put every record in one transaction; returns the elapsed ms.
export async function baseline_import(db, text) {
  const t0 = performance.now();
  const backup = JSON.parse(text);
  const data = backup.data;
  const tx = db.transaction([...DATA, "meta"], "readwrite");
  const finished = done(tx);
  for (const s of DATA) tx.objectStore(s).clear();
  tx.objectStore("branch").put(data.branch, "branch");
  for (const s of ["groups", "members", "activities", "study_items"]) {
    const store = tx.objectStore(s);
    for (const record of data[s] || []) store.put(record);
  }
  tx.objectStore("meta").put(data.rules || [], "rules");
  tx.commit();
  await finished;
  return performance.now() - t0;
}
// getAll on each store in one transaction + JSON.stringify of the envelope; returns [elapsed ms, length].
export async function baseline_export(db) {
  const t0 = performance.now();
  const tx = db.transaction([...DATA, "meta"], "readonly");
  const [branch, groups, members, activities, study_items, rules] = await Promise.all([
    req(tx.objectStore("branch").get("branch")),
    req(tx.objectStore("groups").getAll()),
    req(tx.objectStore("members").getAll()),
    req(tx.objectStore("activities").getAll()),
    req(tx.objectStore("study_items").getAll()),
    req(tx.objectStore("meta").get("rules")),
  ]);
  const text = JSON.stringify({ format: "zhibu-backup", version: 2, exported_at: "2026-11-21T00:00:00",
    data: { branch, groups, members, activities, study_items, rules: rules || [] } }, null, 2);
  return [performance.now() - t0, text.length];
}
"#)]
extern "C" {
    fn now_ms() -> f64;
    #[wasm_bindgen(catch)]
    async fn baseline_open(name: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn baseline_delete(db: &JsValue, name: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn baseline_import(db: &JsValue, text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn baseline_export(db: &JsValue) -> Result<JsValue, JsValue>;
}

fn today() -> Date {
    Date::ymd(TODAY.0, TODAY.1, TODAY.2)
}

fn large() -> Dataset {
    generate(&DemoSize::LARGE, today(), SEED)
}

/// Prints `RESULT name median min max runs` and returns the median.
fn report(name: &str, mut ms: Vec<f64>) -> f64 {
    zhibu::domain::sort::sort_by(&mut ms, f64::total_cmp);
    let n = ms.len();
    let median = if n % 2 == 1 {
        ms[n / 2]
    } else {
        (ms[n / 2 - 1] + ms[n / 2]) / 2.0
    };
    console_log!("RESULT {name} {median:.1} {:.1} {:.1} {n}", ms[0], ms[n - 1]);
    median
}

fn ratio(name: &str, app: f64, baseline: f64) {
    console_log!("RATIO {name} {:.2}", app / baseline);
}

fn as_f64(v: &JsValue) -> f64 {
    v.as_f64().expect("a number from the baseline")
}

#[wasm_bindgen_test]
#[ignore]
async fn bench_import_and_export_against_raw_js() {
    let data = large();
    let text = backup::to_json(&data, "2026-11-21T00:00:00");
    let entries: usize = data.activities.iter().map(|a| a.attendance.len()).sum();
    console_log!(
        "LARGE backup: {:.1} MB, {} members, {} activities, {} roll entries",
        text.len() as f64 / 1_048_576.0,
        data.members.len(),
        data.activities.len(),
        entries
    );
    let app_name = format!("zhibu-bench-app-{}", (js_sys::Math::random() * 1e9) as u64);
    let js_name = format!("zhibu-bench-js-{}", (js_sys::Math::random() * 1e9) as u64);
    Store::delete_database(&app_name).await.unwrap();
    let store = Store::open(&app_name).await.unwrap();
    let js_db = baseline_open(&js_name).await.unwrap();

    // Warm-up (one of each), then alternate app and baseline so that both see the same conditions.
    let mut app_import = Vec::new();
    let mut js_import = Vec::new();
    let mut app_export = Vec::new();
    let mut js_export = Vec::new();
    let mut app_len = 0;
    let mut js_len = 0.0;
    for run in 0..=RUNS {
        let t = now_ms();
        let parsed = backup::from_json(&text).expect("the LARGE backup reads back");
        store.replace_all(&parsed.data).await.expect("replace_all");
        let a = now_ms() - t;
        let b = as_f64(&baseline_import(&js_db, &text).await.unwrap());

        let t = now_ms();
        let loaded = store.load_all().await.expect("load_all");
        let out = backup::to_json(&loaded, "2026-11-21T00:00:00");
        let c = now_ms() - t;
        let pair: js_sys::Array = baseline_export(&js_db).await.unwrap().into();
        let d = as_f64(&pair.get(0));
        if run == 0 {
            assert_eq!(loaded, parsed.data, "the exported data is the imported data");
            app_len = out.len();
            js_len = as_f64(&pair.get(1));
            continue;
        }
        app_import.push(a);
        js_import.push(b);
        app_export.push(c);
        js_export.push(d);
    }
    console_log!(
        "export text: app {:.1} MB, raw JS {:.1} MB",
        app_len as f64 / 1_048_576.0,
        js_len / 1_048_576.0
    );
    let ai = report("browser_import_app", app_import);
    let bi = report("browser_import_js", js_import);
    ratio("import", ai, bi);
    let ae = report("browser_export_app", app_export);
    let be = report("browser_export_js", js_export);
    ratio("export", ae, be);

    store.close();
    Store::delete_database(&app_name).await.unwrap();
    baseline_delete(&js_db, &js_name).await.unwrap();
}

#[wasm_bindgen_test]
#[ignore]
fn bench_annual_summary_in_the_browser() {
    let data = large();
    let rules = data.effective_rules();
    let year = today().year();
    let mut current = Vec::new();
    let mut past = Vec::new();
    for run in 0..=RUNS {
        let t = now_ms();
        let s = annual_summary_as_of(&data, &rules, year, today());
        let a = now_ms() - t;
        let t = now_ms();
        let p = annual_summary(&data, &rules, year - 1);
        let b = now_ms() - t;
        assert!(!s.activities.is_empty() && !p.activities.is_empty());
        if run > 0 {
            current.push(a);
            past.push(b);
        }
    }
    report("browser_summary_current_year", current);
    report("browser_summary_past_year", past);
}
