//! 各支部数据库 on the 汇总 page: the committee above connects to the unit's server with a read-only account
//! (server path, user, password; the password only logs in and is never kept), keeps the list of its
//! branches' databases (`store::META_COMMITTEE`, apart from this device's own branch and its sync), and reads
//! them all: each pulled read-only into memory (`sync::committee`), several at a time, its row appearing as
//! soon as it is in, with the progress shown and the page answering meanwhile.
//!
//! [`Committee`] is the page's handle on all this (the list, where each database stands, the replicas); the
//! [`CommitteeSources`] card is its form. A database that cannot be read has its own row saying why; a
//! session that has ended or a server that cannot be reached stops the run with one message at the top.

use crate::domain::sync::committee::{check_server, parse_databases, source_error, CommitteeConfig, DEFAULT_SERVER};
use crate::domain::sync::config::Phase;
use crate::domain::sync::wire::SyncError;
use crate::export::rollup::from_dataset;
use crate::store::META_COMMITTEE;
use crate::sync::committee::{run_pool, yield_now, Replica};
use crate::sync::http::{login_at_root, logout_at_root, session_user_at_root};
use crate::ui::clock::{now_iso, today};
use crate::ui::components::form_field::{FormAlert, FormErrors, TextField};
use crate::ui::components::rollup_table::{DbEntry, DbState};
use crate::ui::state::{use_app, AppState};
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// Databases read at the same time (a browser opens about six connections per server).
pub const WORKERS: usize = 4;

/// How far a run has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RunProgress {
    pub done: usize,
    pub total: usize,
    /// Records read so far in this run.
    pub records: usize,
}

/// The page's committee state. Cheap to copy.
#[derive(Clone, Copy)]
pub struct Committee {
    pub config: RwSignal<CommitteeConfig>,
    /// Who is logged in on the server, as it says (`None`: nobody, or not known yet).
    pub user: RwSignal<Option<String>>,
    pub dbs: RwSignal<Vec<DbEntry>>,
    pub running: RwSignal<bool>,
    pub progress: RwSignal<RunProgress>,
    /// What stopped a run as a whole (no session, no server), with what to do.
    pub alert: RwSignal<Option<String>>,
    /// The settings have been read from the store.
    pub loaded: RwSignal<bool>,
    /// Runs finished in this visit (the progress line's `data-run`, for whoever waits for the next one).
    pub runs: RwSignal<u32>,
    replicas: StoredValue<BTreeMap<String, Rc<Replica>>, LocalStorage>,
    year: Signal<i32>,
}

impl Committee {
    pub fn new(year: Signal<i32>) -> Committee {
        Committee {
            config: RwSignal::new(CommitteeConfig {
                server: DEFAULT_SERVER.to_owned(),
                ..CommitteeConfig::default()
            }),
            user: RwSignal::new(None),
            dbs: RwSignal::new(Vec::new()),
            running: RwSignal::new(false),
            progress: RwSignal::new(RunProgress::default()),
            alert: RwSignal::new(None),
            loaded: RwSignal::new(false),
            runs: RwSignal::new(0),
            replicas: StoredValue::new_local(BTreeMap::new()),
            year,
        }
    }

    /// The replica of `db`, if it was read in this visit.
    pub fn replica(&self, db: &str) -> Option<Rc<Replica>> {
        self.replicas.try_with_value(|r| r.get(db).cloned()).flatten()
    }

    /// Reads the stored settings; then, if the server says someone is logged in and the list is not empty,
    /// reads every database. A device that never set this up asks the server nothing.
    pub fn start(&self, app: AppState) {
        let this = *self;
        leptos::task::spawn_local(async move {
            let mut set_up = false;
            if let Ok(store) = app.store_handle() {
                if let Ok(Some(c)) = store.meta::<CommitteeConfig>(META_COMMITTEE).await {
                    set_up = !c.user.is_empty() || !c.databases.is_empty();
                    this.set_list(&c.databases);
                    this.config.try_set(c);
                }
            }
            this.loaded.try_set(true);
            let Some(server) = this.config.try_with_untracked(|c| c.server.clone()).filter(|_| set_up) else {
                return;
            };
            // Quietly: an unreachable server shows when the user asks for a sync.
            if let Ok(Some(name)) = session_user_at_root(&server).await {
                this.user.try_set(Some(name));
                if this.dbs.with_untracked(|d| !d.is_empty()) {
                    this.sync_all();
                }
            }
        });
    }

    /// Makes the entries follow `names`, keeping what was read of the ones that stay.
    fn set_list(&self, names: &[String]) {
        let _ = self.dbs.try_update(|dbs| {
            let mut next: Vec<DbEntry> = names
                .iter()
                .map(|n| {
                    dbs.iter()
                        .find(|e| &e.db == n)
                        .cloned()
                        .unwrap_or_else(|| DbEntry::new(n))
                })
                .collect();
            std::mem::swap(dbs, &mut next);
        });
        self.replicas.update_value(|r| r.retain(|db, _| names.contains(db)));
    }

    /// Saves the settings (server, user, list) in this device's `meta`.
    async fn save(&self, app: AppState, config: CommitteeConfig) -> Result<(), String> {
        let store = app.store_handle().map_err(|e| e.to_string())?;
        store
            .set_meta(META_COMMITTEE, &config)
            .await
            .map_err(|e| e.to_string())?;
        self.set_list(&config.databases);
        self.config.try_set(config);
        Ok(())
    }

    fn set_entry(&self, db: &str, f: impl FnOnce(&mut DbEntry)) {
        let _ = self.dbs.try_update(|dbs| {
            if let Some(e) = dbs.iter_mut().find(|e| e.db == db) {
                f(e);
            }
        });
    }

    /// Reads every database of the list (only what changed, for those read before in this visit).
    pub fn sync_all(&self) {
        if self.running.get_untracked() {
            return;
        }
        let this = *self;
        let config = self.config.get_untracked();
        if config.databases.is_empty() {
            self.alert.set(Some("请先填写并保存支部数据库列表。".to_owned()));
            return;
        }
        self.running.set(true);
        self.alert.set(None);
        leptos::task::spawn_local(async move {
            // One look at the session first: an unreachable server or an ended session is one message, not one
            // per branch.
            match session_user_at_root(&config.server).await {
                Err(e) => {
                    this.alert.try_set(Some(format!(
                        "无法连接单位服务器（{}）。{}",
                        config.server,
                        source_error(&e)
                    )));
                    this.end_run();
                    return;
                }
                Ok(None) => {
                    this.user.try_set(None);
                    this.alert
                        .try_set(Some("还没有登录或登录已过期：请先用委员会的只读账户登录。".to_owned()));
                    this.end_run();
                    return;
                }
                Ok(Some(name)) => {
                    this.user.try_set(Some(name));
                }
            }
            let names = config.databases.clone();
            this.replicas.update_value(|r| {
                for db in &names {
                    r.entry(db.clone())
                        .or_insert_with(|| Rc::new(Replica::new(&config.server, db)));
                }
            });
            let _ = this.dbs.try_update(|dbs| {
                for e in dbs.iter_mut() {
                    e.state = DbState::Waiting;
                }
            });
            this.progress.try_set(RunProgress {
                done: 0,
                total: names.len(),
                records: 0,
            });
            // Set when the whole run must stop (the session ended, the server went away): the rest say so.
            let halt: Rc<RefCell<Option<String>>> = Rc::default();
            run_pool(
                names,
                WORKERS,
                move |db: String| {
                    let halt = halt.clone();
                    async move { this.read_one(&db, &halt).await }
                },
                move || this.end_run(),
            );
        });
    }

    fn end_run(&self) {
        self.running.try_set(false);
        let _ = self.runs.try_update(|n| *n += 1);
    }

    /// Reads one database and makes its row.
    async fn read_one(&self, db: &str, halt: &RefCell<Option<String>>) {
        let stopped = halt.borrow().clone();
        let replica = self.replica(db);
        match (stopped, replica) {
            (Some(why), _) => self.set_entry(db, |e| e.state = DbState::Failed(why)),
            (None, None) => {}
            (None, Some(replica)) => {
                self.set_entry(db, |e| e.state = DbState::Pulling);
                let mut seen = 0;
                let progress = self.progress;
                let result = replica
                    .pull(&mut |p| {
                        let more = p.pulled.saturating_sub(seen);
                        seen = p.pulled;
                        let _ = progress.try_update(|r| r.records += more);
                    })
                    .await;
                match result {
                    Ok(_) => {
                        // Between the network and the summary: let the page draw and answer.
                        yield_now().await;
                        let row = self.row_of(&replica, &now_iso());
                        self.set_entry(db, |e| {
                            e.state = DbState::Done;
                            e.row = Some(row);
                        });
                    }
                    Err(e) => {
                        let why = source_error(&e);
                        if matches!(e, SyncError::Unauthorized | SyncError::Offline(_)) {
                            *halt.borrow_mut() = Some(why.clone());
                            self.alert.try_set(Some(why.clone()));
                            if matches!(e, SyncError::Unauthorized) {
                                self.user.try_set(None);
                            }
                        }
                        self.set_entry(db, |en| en.state = DbState::Failed(why));
                    }
                }
            }
        }
        let _ = self.progress.try_update(|p| p.done += 1);
        yield_now().await;
    }

    /// The row of a replica for the page's year, read at `synced_at`.
    fn row_of(&self, replica: &Replica, synced_at: &str) -> crate::export::rollup::RollupRow {
        let data = replica.dataset();
        let year = self.year.get_untracked();
        from_dataset(&replica.db, &data, year, today(), synced_at, replica.set_aside())
    }

    /// After the year changed: every database read in this visit summarised again for it (a few at a time,
    /// the page answering in between), each keeping the time it was read.
    pub fn resummarise(&self) {
        let this = *self;
        leptos::task::spawn_local(async move {
            let done: Vec<(String, String)> = this.dbs.with_untracked(|d| {
                d.iter()
                    .filter_map(|e| e.row.as_ref().map(|r| (e.db.clone(), r.doc.generated_at.clone())))
                    .collect()
            });
            for (db, at) in done {
                let Some(replica) = this.replica(&db) else { continue };
                let row = this.row_of(&replica, &at);
                this.set_entry(&db, |e| e.row = Some(row));
                yield_now().await;
            }
        });
    }
}

/// The card: log in (or who is logged in), the list of databases, 同步全部 and the progress.
#[component]
pub fn CommitteeSources(committee: Committee) -> impl IntoView {
    let app = use_app();
    let c = committee;
    let server = RwSignal::new(String::new());
    let user = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let list = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let list_errors = RwSignal::new(Vec::<String>::new());
    let alert = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let saved = RwSignal::new(false);
    // The stored settings arrive after the first draw.
    Effect::new(move |_| {
        if c.loaded.get() {
            let cfg = c.config.get_untracked();
            server.set(cfg.server.clone());
            user.set(cfg.user.clone());
            list.set(cfg.databases.join("\n"));
        }
    });

    let log_in = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        alert.set(None);
        let mut errs = Vec::new();
        let root = match check_server(&server.get_untracked()) {
            Ok(r) => Some(r),
            Err(e) => {
                errs.push(("cm_server".to_owned(), e.to_string()));
                None
            }
        };
        if user.get_untracked().trim().is_empty() {
            errs.push(("cm_user".to_owned(), "请填写用户名".to_owned()));
        }
        if password.get_untracked().is_empty() {
            errs.push(("cm_password".to_owned(), "请填写密码".to_owned()));
        }
        errors.set(errs);
        let Some(root) = root.filter(|_| errors.is_empty()) else {
            crate::ui::components::form_field::focus_first_invalid();
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let name = user.get_untracked().trim().to_owned();
            let result = login_at_root(&root, &name, &password.get_untracked()).await;
            // The password is not kept, not even in the form.
            password.try_set(String::new());
            match result {
                Ok(()) => {
                    let mut cfg = c.config.get_untracked();
                    cfg.server = root;
                    cfg.user = name.clone();
                    if let Err(e) = c.save(app, cfg).await {
                        alert.try_set(Some(format!("已登录，但设置没有保存：{e}")));
                    }
                    c.user.try_set(Some(name));
                    c.alert.try_set(None);
                    if c.dbs.with_untracked(|d| !d.is_empty()) {
                        c.sync_all();
                    }
                }
                Err(SyncError::BadLogin) => {
                    alert.try_set(Some(format!("登录没有成功：{}", SyncError::BadLogin)));
                }
                Err(e) => {
                    alert.try_set(Some(format!("登录没有成功：{}", source_error(&e))));
                }
            }
            busy.try_set(false);
        });
    };

    let log_out = move |_| {
        let root = c.config.get_untracked().server;
        leptos::task::spawn_local(async move {
            match logout_at_root(&root).await {
                Ok(()) => {
                    c.user.try_set(None);
                }
                Err(e) => {
                    alert.try_set(Some(format!("没有退出：{}", source_error(&e))));
                }
            }
        });
    };

    let save_list = move |_| {
        saved.set(false);
        match parse_databases(&list.get_untracked()) {
            Err(problems) => list_errors.set(problems),
            Ok(names) => {
                list_errors.set(Vec::new());
                list.set(names.join("\n"));
                let mut cfg = c.config.get_untracked();
                cfg.databases = names;
                leptos::task::spawn_local(async move {
                    match c.save(app, cfg).await {
                        Ok(()) => {
                            saved.try_set(true);
                            // Asks the server who is logged in first: says so if nobody is.
                            c.sync_all();
                        }
                        Err(e) => {
                            list_errors.try_set(vec![format!("列表没有保存：{e}")]);
                        }
                    }
                });
            }
        }
    };

    let logged_in = move || c.user.get().is_some();
    let own_sync = move || app.sync.with(|s| s.phase != Phase::Off);
    let progress_text = move || {
        let p = c.progress.get();
        if c.running.get() {
            format!(
                "正在同步：已完成 {}/{} 个支部，已读取 {} 条记录…",
                p.done, p.total, p.records
            )
        } else if p.total > 0 {
            let failed = c
                .dbs
                .with(|d| d.iter().filter(|e| matches!(e.state, DbState::Failed(_))).count());
            if failed > 0 {
                format!("同步完成：{} 个支部中 {failed} 个未能读取，见下表。", p.total)
            } else {
                format!("同步完成：{} 个支部，本次读取 {} 条记录。", p.total, p.records)
            }
        } else {
            String::new()
        }
    };

    view! {
        <section class="card committee-sources no-print" aria-labelledby="cm-title">
            <h2 id="cm-title">"各支部数据库（实时）"</h2>
            <p>"用单位管理员提供的只读账户登录单位服务器，直接读取各支部的数据库，随时查看各支部本年度的组织生活情况。"
               "读取的数据只保存在本页内存中，不会写入本机的支部数据，也不会改动服务器上的任何内容；密码只用于登录，不会保存。"</p>
            <Show when=own_sync>
                <p class="hint">"本机也开启了支部数据同步：若两者使用同一服务器，用委员会账户登录会替换本机同步的登录状态，需要时请在“数据 → 同步”中重新登录。"</p>
            </Show>
            <Show when=logged_in fallback=move || view! {
                <form class="cm-login" on:submit=log_in novalidate>
                    <TextField id="cm-server" label="服务器路径" value=server errors=errors field="cm_server" required=true
                        hint=format!("本网站上的路径，例如 {DEFAULT_SERVER}")/>
                    <TextField id="cm-user" label="用户名" value=user errors=errors field="cm_user" required=true autocomplete="username"/>
                    <TextField id="cm-password" label="密码" value=password errors=errors field="cm_password" required=true
                        input_type="password" autocomplete="current-password"/>
                    <div class="actions">
                        <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                            {move || if busy.get() { "正在登录…" } else { "登录" }}
                        </button>
                    </div>
                </form>
            }>
                <p class="cm-who">
                    {move || format!("已登录：{}（服务器 {}）", c.user.get().unwrap_or_default(), c.config.with(|x| x.server.clone()))}
                    " "
                    <button type="button" class="btn btn-small" on:click=log_out>"退出登录"</button>
                </p>
            </Show>
            <FormAlert message=alert/>
            // Folded once there is a list (the table is what the committee came for); open to change it.
            <details class="cm-list" prop:open=move || c.loaded.get() && c.dbs.with(Vec::is_empty)>
                <summary>{move || match c.dbs.with(Vec::len) {
                    0 => "支部数据库列表".to_owned(),
                    n => format!("支部数据库列表（{n} 个）：查看或修改"),
                }}</summary>
                <div class="field field-wide">
                    <label for="cm-list">"支部数据库列表"</label>
                    <textarea id="cm-list" rows="5" prop:value=move || list.get()
                        on:input=move |ev| { list.set(event_target_value(&ev)); saved.set(false); }
                        aria-describedby="cm-list-hint cm-list-err"
                        aria-invalid=move || (!list_errors.with(Vec::is_empty)).then_some("true")></textarea>
                    <p class="hint" id="cm-list-hint">"每行一个数据库名（如 zhibu_jiguan1），由单位管理员提供；列表保存在本机，下次打开本页时自动读取。"</p>
                    <div class="field-error" id="cm-list-err" aria-live="polite">
                        {move || list_errors.get().into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
                    </div>
                </div>
                <div class="actions">
                    <button type="button" class="btn" id="cm-save" on:click=save_list>"保存列表"</button>
                    <Show when=move || saved.get()>
                        <span class="muted small" role="status">"列表已保存"</span>
                    </Show>
                </div>
            </details>
            <div class="actions">
                <button type="button" class="btn btn-primary" id="cm-sync"
                    disabled=move || c.running.get() || !logged_in() || c.dbs.with(Vec::is_empty)
                    on:click=move |_| c.sync_all()>
                    {move || if c.running.get() { "正在同步…" } else { "同步全部" }}
                </button>
            </div>
            <div class="cm-progress" role="status" aria-live="polite" data-run=move || c.runs.get().to_string()>
                <Show when=move || c.running.get()>
                    <progress max=move || c.progress.get().total.to_string() value=move || c.progress.get().done.to_string()></progress>
                </Show>
                <span>{progress_text}</span>
            </div>
            <FormAlert message=c.alert/>
        </section>
    }
}
