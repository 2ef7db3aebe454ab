//! Where a sync run's time goes, for engineers: with `localStorage["zhibu-sync-trace"] = "1"`, each run logs
//! one line to the console (`zhibu-sync-trace {…}`): its wall time and, per phase (a request, a local
//! transaction, reading an answer), how many there were and how long they took in all. Phases overlap (the
//! replicator stores one page while it fetches the next), so their sum may exceed the wall time. Off, it costs
//! one check per phase. `bench/sync.mjs --trace` switches it on and prints the lines.

use crate::domain::sync::doc::{Incoming, Read, Rejected};
use crate::domain::sync::replicate::{Local, Remote};
use crate::domain::sync::state::DocState;
use crate::domain::sync::wire::{Changes, Checkpoint, RevsByDoc, Seq, SyncError};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::future::Future;

thread_local! {
    static ON: Cell<Option<bool>> = const { Cell::new(None) };
    static SPANS: RefCell<Vec<(&'static str, f64, f64)>> = const { RefCell::new(Vec::new()) };
    static START: Cell<f64> = const { Cell::new(0.0) };
}

/// Whether tracing is on (read once per page).
pub fn on() -> bool {
    ON.with(|on| {
        *on.get().get_or_insert_with(|| {
            web_sys::window()
                .and_then(|w| w.local_storage().ok().flatten())
                .and_then(|s| s.get_item("zhibu-sync-trace").ok().flatten())
                .is_some_and(|v| v == "1")
        })
    })
}

/// Milliseconds on the page's clock.
pub fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

/// Starts a new run's trace.
pub fn begin() {
    if on() {
        SPANS.with(|s| s.borrow_mut().clear());
        START.with(|s| s.set(now()));
    }
}

/// Records a phase that ran from `t0` until now.
pub fn add(name: &'static str, t0: f64) {
    if on() {
        let t1 = now();
        SPANS.with(|s| s.borrow_mut().push((name, t0, t1)));
    }
}

/// Runs `f`, recording it as the phase `name`.
pub async fn span<F: Future>(name: &'static str, f: F) -> F::Output {
    if !on() {
        return f.await;
    }
    let t0 = now();
    let out = f.await;
    add(name, t0);
    out
}

/// Logs the run's trace (`label`: what ran) and forgets it.
pub fn report(label: &str) {
    if !on() {
        return;
    }
    let spans = SPANS.with(|s| std::mem::take(&mut *s.borrow_mut()));
    let start = START.with(Cell::get);
    let mut phases: BTreeMap<&str, (usize, f64)> = BTreeMap::new();
    for (name, t0, t1) in &spans {
        let p = phases.entry(name).or_default();
        p.0 += 1;
        p.1 += t1 - t0;
    }
    let phases: serde_json::Map<String, serde_json::Value> = phases
        .into_iter()
        .map(|(k, (n, ms))| (k.to_owned(), serde_json::json!({ "n": n, "ms": ms.round() })))
        .collect();
    let timeline: Vec<serde_json::Value> = spans
        .iter()
        .map(|(name, t0, t1)| serde_json::json!([name, (t0 - start).round(), (t1 - start).round()]))
        .collect();
    let line = serde_json::json!({
        "run": label,
        "wall_ms": (now() - start).round(),
        "phases": phases,
        "timeline": timeline,
    });
    web_sys::console::log_1(&format!("zhibu-sync-trace {line}").into());
}

/// A [`Remote`] or [`Local`] whose every call is recorded as a phase.
pub struct Traced<'a, T>(pub &'a T);

impl<T: Remote> Remote for Traced<'_, T> {
    async fn get_checkpoint(&self, rid: &str) -> Result<Option<Checkpoint>, SyncError> {
        span("remote.get_checkpoint", self.0.get_checkpoint(rid)).await
    }
    async fn put_checkpoint(&self, rid: &str, checkpoint: &Checkpoint) -> Result<(), SyncError> {
        span("remote.put_checkpoint", self.0.put_checkpoint(rid, checkpoint)).await
    }
    async fn changes(&self, since: &Seq, limit: usize) -> Result<Changes, SyncError> {
        span("remote.changes", self.0.changes(since, limit)).await
    }
    async fn revs_diff(&self, revs: &RevsByDoc) -> Result<RevsByDoc, SyncError> {
        span("remote.revs_diff", self.0.revs_diff(revs)).await
    }
    async fn bulk_get(&self, wanted: &RevsByDoc) -> Result<Vec<Read>, SyncError> {
        span("remote.bulk_get", self.0.bulk_get(wanted)).await
    }
    async fn bulk_docs(&self, docs: Vec<String>) -> Result<Vec<(String, String, String)>, SyncError> {
        span("remote.bulk_docs", self.0.bulk_docs(docs)).await
    }
}

impl<T: Local> Local for Traced<'_, T> {
    async fn prepare(&self) -> Result<(), SyncError> {
        span("local.prepare", self.0.prepare()).await
    }
    async fn get_checkpoint(&self, rid: &str) -> Result<Option<Checkpoint>, SyncError> {
        span("local.get_checkpoint", self.0.get_checkpoint(rid)).await
    }
    async fn put_checkpoint(&self, rid: &str, checkpoint: &Checkpoint) -> Result<(), SyncError> {
        span("local.put_checkpoint", self.0.put_checkpoint(rid, checkpoint)).await
    }
    async fn changes_since(&self, seq: u64, limit: usize) -> Result<Vec<DocState>, SyncError> {
        span("local.changes_since", self.0.changes_since(seq, limit)).await
    }
    async fn missing(&self, revs: &RevsByDoc) -> Result<RevsByDoc, SyncError> {
        span("local.missing", self.0.missing(revs)).await
    }
    async fn docs_to_push(&self, revs: &RevsByDoc) -> Result<Vec<String>, SyncError> {
        span("local.docs_to_push", self.0.docs_to_push(revs)).await
    }
    async fn apply(&self, docs: Vec<Incoming>) -> Result<usize, SyncError> {
        span("local.apply", self.0.apply(docs)).await
    }
    async fn set_aside(&self, rejected: Vec<Rejected>) -> Result<(), SyncError> {
        span("local.set_aside", self.0.set_aside(rejected)).await
    }
}

/// Runs `f` (work on this thread: reading or writing JSON), recording it as the phase `name`.
pub fn time<T>(name: &'static str, f: impl FnOnce() -> T) -> T {
    if !on() {
        return f();
    }
    let t0 = now();
    let out = f();
    add(name, t0);
    out
}
