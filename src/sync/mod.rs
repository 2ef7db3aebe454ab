//! Sync in the running app: one [`Engine`] per page that runs the replicator (`domain::sync::replicate`)
//! between this browser's database ([`Store`], `store::docs`) and the branch's CouchDB database
//! ([`http::HttpRemote`]), live while the page is open: a run after every local change, and a wait on the
//! server's changes feed (longpoll) between runs; retried with growing pauses while offline.
//!
//! Only one tab of a browser syncs at a time (the Web Locks API, lock [`LOCK_NAME`]); the others show that,
//! and follow its changes through the tabs' channel as they follow any write. Every run first checks the
//! settings in the database, so a tab that turned sync off (or cleared the data) stops the one that syncs.

pub mod committee;
pub mod http;
pub mod trace;

use crate::domain::sync::checkpoint::{replication_id, Direction};
use crate::domain::sync::config::{check_url, Phase, Status, SyncConfig};
use crate::domain::sync::doc::{DocId, Record};
use crate::domain::sync::pulled::Pulled;
use crate::domain::sync::replicate::{pull_from, push_from, Progress, Report, Session};
use crate::domain::sync::wire::{Checkpoint, Seq, SyncError};
use crate::store::{Store, StoreError, META_SYNC_CONFIG};
use crate::ui::clock::now_iso;
use crate::ui::state::AppState;
use http::HttpRemote;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The Web Lock held by the tab that syncs.
pub const LOCK_NAME: &str = "zhibu-sync";

/// Pauses after failed runs that may succeed by themselves (offline, server errors), in seconds.
const BACKOFF_S: [u32; 6] = [2, 5, 10, 20, 40, 60];

thread_local! {
    static ENGINE: RefCell<Option<Rc<Engine>>> = const { RefCell::new(None) };
}

/// The page's engine, if sync was started.
pub fn engine() -> Option<Rc<Engine>> {
    ENGINE.with(|e| e.borrow().clone())
}

fn local_err(e: StoreError) -> SyncError {
    SyncError::Local(e.to_string())
}

/// A new random id (128 bits, hex) for this device's database or a session.
pub fn random_id() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())
        .is_some();
    if !filled {
        for b in &mut bytes {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Sleeps `ms` milliseconds, waking early when `until` says so.
async fn pause(ms: u32, until: impl Fn() -> bool) {
    let mut left = ms;
    while left > 0 && !until() {
        let step = left.min(250);
        gloo_timers::future::TimeoutFuture::new(step).await;
        left -= step;
    }
}

/// The sync of this page.
pub struct Engine {
    app: AppState,
    store: Rc<Store>,
    config: RefCell<SyncConfig>,
    remote: HttpRemote,
    /// A run was asked for (a local change, 立即同步).
    kicked: Cell<bool>,
    stopped: Cell<bool>,
    /// Ends the current wait on the server's changes feed.
    waiting: RefCell<Option<web_sys::AbortController>>,
    /// Resolves the promise that holds the Web Lock (releases it).
    release: RefCell<Option<js_sys::Function>>,
    /// Where the pull and the push stand after this session's last successful run (the replication logs both
    /// sides hold), so that the next run resumes without reading the checkpoints again; forgotten after a failure.
    pull_log: RefCell<Option<Checkpoint>>,
    push_log: RefCell<Option<Checkpoint>>,
}

impl Engine {
    fn status(&self, f: impl FnOnce(&mut Status)) {
        self.app.sync.try_update(f);
    }

    fn phase(&self, phase: Phase) {
        self.status(|s| s.phase = phase);
    }

    pub fn config(&self) -> SyncConfig {
        self.config.borrow().clone()
    }

    /// Asks for a run now (ends a wait on the server or a pause after an error).
    pub fn kick(&self) {
        self.kicked.set(true);
        if let Some(c) = self.waiting.borrow_mut().take() {
            c.abort();
        }
    }

    /// Stops the engine for good (this page); the Web Lock is released for another tab.
    pub fn stop(&self) {
        self.stopped.set(true);
        self.kick();
        if let Some(release) = self.release.borrow_mut().take() {
            let _ = release.call0(&JsValue::NULL);
        }
    }

    /// One run: the settings checked, the sync states reconciled if needed, then a pull and a push. The pull's
    /// report comes back even when the push was refused (a read-only account), with the push's outcome.
    async fn run_once(&self) -> Result<(Report, Result<Report, SyncError>, u64), SyncError> {
        // The settings may have been changed by another tab, or deleted with the data.
        let stored: Option<SyncConfig> = self.store.meta(META_SYNC_CONFIG).await.map_err(local_err)?;
        match stored {
            Some(c) if c.enabled && c.url == self.config.borrow().url => *self.config.borrow_mut() = c,
            _ => return Err(SyncError::Stopped),
        }
        self.app.wait_complete().await.map_err(local_err)?;
        // Revisions for what a bulk write changed (an import, a restore), if one did since the last run.
        trace::begin();
        let t0 = js_sys::Date::now();
        trace::span("local.reconcile", self.store.reconcile_docs(false))
            .await
            .map_err(local_err)?;
        let prepare_ms = (js_sys::Date::now() - t0).max(0.0) as u64;
        let config = self.config();
        let session_id = random_id();
        let session = Session {
            local_id: &config.local_id,
            remote_url: &config.url,
            session_id: &session_id,
        };
        let app = self.app;
        let mut progress = move |p: Progress| {
            app.sync.try_update(|s| s.phase = Phase::Running(p));
        };
        // The push first: an edit made here reaches the server (and the other devices) without waiting for a pull.
        let remote = trace::Traced(&self.remote);
        let local = trace::Traced(self.store.as_ref());
        let known = self.push_log.borrow_mut().take();
        let pushed = trace::span("push", push_from(&remote, &local, &session, known, &mut progress)).await;
        if let Ok(report) = &pushed {
            *self.push_log.borrow_mut() = report.log.clone();
        }
        let known = self.pull_log.borrow_mut().take();
        let pulled = trace::span("pull", pull_from(&remote, &local, &session, known, &mut progress)).await?;
        *self.pull_log.borrow_mut() = pulled.log.clone();
        Ok((pulled, pushed, prepare_ms))
    }

    /// Updates the counts the page shows (pending, conflicts, set aside).
    pub async fn refresh_counts(&self) {
        let config = self.config();
        let rid = replication_id(&config.local_id, &config.url, Direction::Push);
        let pending = self.store.pending_docs(&rid).await.unwrap_or(0);
        let conflicts = self.store.conflicts().await.map(|c| c.len()).unwrap_or(0);
        let rejected = self.store.rejected_docs().await.map(|r| r.len()).unwrap_or(0);
        self.status(|s| {
            s.pending = pending;
            s.conflicts = conflicts;
            s.rejected = rejected;
        });
    }

    /// The live loop: a run, then a wait for a change on either side; pauses after errors.
    async fn live(self: Rc<Self>) {
        let mut failures = 0usize;
        while !self.stopped.get() {
            self.kicked.set(false);
            self.phase(Phase::Running(Progress::default()));
            let started = js_sys::Date::now();
            let result = self.run_once().await;
            match result {
                Ok((pulled, pushed, prepare_ms)) => {
                    // Show what came in (a few records: put into the data held; many: read again), and tell
                    // the other tabs. Also what an interrupted run stored before it failed.
                    let shown = trace::now();
                    match self.store.take_pulled() {
                        Pulled::Nothing => {}
                        Pulled::Patch(changes) if self.app.is_complete() => self.app.patch_pulled(changes),
                        Pulled::Patch(_) | Pulled::ReadAll => {
                            let _ = self.app.reload().await;
                            self.app.announce_write();
                        }
                    }
                    trace::add("show", shown);
                    let phase = match &pushed {
                        Ok(_) => Phase::Idle,
                        // Refused writes wait on this device; what comes from the server keeps coming.
                        Err(e) => Status::phase_after(e),
                    };
                    let ok = matches!(phase, Phase::Idle | Phase::ReadOnly(_));
                    let took = (js_sys::Date::now() - started).max(0.0) as u64;
                    self.status(|s| {
                        s.phase = phase;
                        if ok {
                            s.last_synced = Some(now_iso());
                            s.last_took_ms = Some(took);
                            s.last_prepare_ms = Some(prepare_ms);
                        }
                    });
                    trace::report(&format!(
                        "pulled {}, pushed {}",
                        pulled.pulled,
                        pushed.as_ref().map_or(0, |p| p.pushed)
                    ));
                    self.refresh_counts().await;
                    if ok {
                        failures = 0;
                        self.wait(pulled.remote_seq).await;
                    } else {
                        let wait = BACKOFF_S[failures.min(BACKOFF_S.len() - 1)];
                        failures += 1;
                        pause(wait * 1000, || self.kicked.get() || self.stopped.get()).await;
                    }
                }
                Err(SyncError::Stopped) if self.stopped.get() => break,
                Err(SyncError::Stopped) => {
                    // Sync was switched off elsewhere, or the data cleared.
                    self.stopped.set(true);
                    self.phase(Phase::Off);
                    break;
                }
                Err(e) => {
                    // What the run stored before it failed is shown.
                    if self.store.take_pulled() != Pulled::Nothing {
                        let _ = self.app.reload().await;
                        self.app.announce_write();
                    }
                    let phase = Status::phase_after(&e);
                    let needs_user = matches!(phase, Phase::NeedsLogin | Phase::Failed(_));
                    self.phase(phase);
                    self.refresh_counts().await;
                    let wait = if needs_user {
                        60
                    } else {
                        BACKOFF_S[failures.min(BACKOFF_S.len() - 1)]
                    };
                    failures += 1;
                    pause(wait * 1000, || self.kicked.get() || self.stopped.get()).await;
                }
            }
        }
        if let Some(release) = self.release.borrow_mut().take() {
            let _ = release.call0(&JsValue::NULL);
        }
    }

    /// Waits for a change: on the server (its changes feed after `since`), or here (a kick).
    async fn wait(&self, since: Option<Seq>) {
        while !self.kicked.get() && !self.stopped.get() {
            let Some(since) = since.as_ref() else {
                pause(30_000, || self.kicked.get() || self.stopped.get()).await;
                return;
            };
            let Ok(controller) = web_sys::AbortController::new() else {
                return;
            };
            let signal = controller.signal();
            *self.waiting.borrow_mut() = Some(controller);
            let changed = self.remote.wait_for_change(since, &signal).await;
            self.waiting.borrow_mut().take();
            match changed {
                Ok(true) => return,
                Ok(false) => continue,
                Err(SyncError::Stopped) => return,
                // The connection dropped: a run finds out what is wrong and says so.
                Err(_) => return,
            }
        }
    }
}

/// Starts sync with `config` (saved already) on this page: waits for this browser's sync lock (another tab
/// may hold it), then runs live until stopped.
pub fn start(app: AppState, store: Rc<Store>, config: SyncConfig) -> Rc<Engine> {
    if let Some(old) = engine() {
        old.stop();
    }
    let engine = Rc::new(Engine {
        app,
        remote: HttpRemote::new(&config.url),
        store,
        config: RefCell::new(config),
        kicked: Cell::new(false),
        stopped: Cell::new(false),
        waiting: RefCell::new(None),
        release: RefCell::new(None),
        pull_log: RefCell::new(None),
        push_log: RefCell::new(None),
    });
    ENGINE.with(|e| *e.borrow_mut() = Some(engine.clone()));
    let weak = Rc::downgrade(&engine);
    app.set_sync_hook(Some(Rc::new(move || {
        if let Some(e) = weak.upgrade() {
            e.kick();
        }
    })));
    engine.phase(Phase::Running(Progress::default()));
    let running = engine.clone();
    leptos::task::spawn_local(async move {
        let granted = Rc::new(Cell::new(false));
        if !request_lock(&running, granted.clone()) {
            granted.set(true);
        }
        // The browser grants a free lock in a moment; only a lock still held after that is another tab's.
        for _ in 0..10 {
            if granted.get() {
                break;
            }
            gloo_timers::future::TimeoutFuture::new(50).await;
        }
        if !granted.get() {
            running.phase(Phase::OtherTab);
            running.refresh_counts().await;
            while !granted.get() && !running.stopped.get() {
                gloo_timers::future::TimeoutFuture::new(300).await;
            }
        }
        if !running.stopped.get() {
            running.live().await;
        }
    });
    engine
}

/// Asks for the sync lock (navigator.locks); `granted` is set when this tab holds it. Returns `false` where
/// the browser has no Web Locks (then this tab simply syncs).
fn request_lock(engine: &Rc<Engine>, granted: Rc<Cell<bool>>) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let Ok(locks) = js_sys::Reflect::get(&window.navigator(), &JsValue::from_str("locks")) else {
        return false;
    };
    let Ok(request) = js_sys::Reflect::get(&locks, &JsValue::from_str("request")) else {
        return false;
    };
    let Ok(request) = request.dyn_into::<js_sys::Function>() else {
        return false;
    };
    let weak = Rc::downgrade(engine);
    // Called when the lock is granted; the lock is held until the promise it returns settles.
    let on_grant = Closure::once_into_js(move |_lock: JsValue| -> js_sys::Promise {
        granted.set(true);
        js_sys::Promise::new(&mut |resolve, _reject| match weak.upgrade() {
            Some(e) if !e.stopped.get() => *e.release.borrow_mut() = Some(resolve),
            _ => {
                let _ = resolve.call0(&JsValue::NULL);
            }
        })
    });
    request.call2(&locks, &JsValue::from_str(LOCK_NAME), &on_grant).is_ok()
}

/// Why setting up sync failed, in words (the store's errors and the server's).
pub type SetUpError = SyncError;

/// Sets up sync: checks the address, logs in (the password goes to the server only), checks that the
/// database can be read, saves the settings and starts. The device's database id is kept when it exists.
pub async fn set_up(app: AppState, url: &str, user: &str, password: &str) -> Result<(), SetUpError> {
    let url = check_url(url).map_err(|e| SyncError::Protocol(e.to_string()))?;
    if user.trim().is_empty() {
        return Err(SyncError::Protocol("请填写用户名".to_owned()));
    }
    let store = app.store_handle().map_err(local_err)?;
    http::login(&url, user.trim(), password).await?;
    HttpRemote::new(&url).check().await?;
    let old: Option<SyncConfig> = store.meta(META_SYNC_CONFIG).await.map_err(local_err)?;
    let config = SyncConfig {
        url: url.clone(),
        user: user.trim().to_owned(),
        enabled: true,
        local_id: old
            .map(|c| c.local_id)
            .filter(|id| !id.is_empty())
            .unwrap_or_else(random_id),
    };
    store.set_meta(META_SYNC_CONFIG, &config).await.map_err(local_err)?;
    start(app, store, config);
    Ok(())
}

/// Switches sync off on this device (the settings are kept for the next time, the session ended).
pub async fn turn_off(app: AppState) -> Result<(), SyncError> {
    let store = app.store_handle().map_err(local_err)?;
    let config: Option<SyncConfig> = store.meta(META_SYNC_CONFIG).await.map_err(local_err)?;
    if let Some(mut c) = config {
        c.enabled = false;
        store.set_meta(META_SYNC_CONFIG, &c).await.map_err(local_err)?;
        let _ = http::logout(&c.url).await;
    }
    if let Some(e) = engine() {
        e.stop();
    }
    ENGINE.with(|e| e.borrow_mut().take());
    app.set_sync_hook(None);
    app.sync.try_update(|s| *s = Status::default());
    Ok(())
}

/// Resolves a conflict with `chosen` (`None`: delete the record), then shows the data and syncs.
pub async fn resolve(app: AppState, id: &DocId, chosen: Option<&Record>) -> Result<bool, SyncError> {
    let store = app.store_handle().map_err(local_err)?;
    let done = store.resolve_conflict(id, chosen).await.map_err(local_err)?;
    app.reload().await.map_err(local_err)?;
    app.announce_write();
    if let Some(e) = engine() {
        e.refresh_counts().await;
        e.kick();
    }
    Ok(done)
}

/// Starts sync at the app's start when the stored settings say it is on (called through its chunk).
pub async fn resume(app: AppState) {
    let Ok(store) = app.store_handle() else { return };
    let Ok(Some(config)) = store.meta::<SyncConfig>(META_SYNC_CONFIG).await else {
        return;
    };
    if config.enabled && engine().is_none() {
        start(app, store, config);
    }
}
