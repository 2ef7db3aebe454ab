//! The app's shared state: the branch's data held in a signal, loaded once from the store, and the
//! actions that write to the store first and update the signal only when the write succeeded.

use crate::domain::overview::{nothing_stored, overview_from, History};
use crate::domain::start_slice;
use crate::domain::sync::config::Status as SyncStatus;
use crate::domain::sync::doc::{DocId, Record};
use crate::domain::sync::pulled::patch;
use crate::domain::{Branch, Dataset, GroupId, Member, MemberId, PartyGroup};
use crate::store::{
    Snapshot, SnapshotPlan, SnapshotSummary, StartRead, Store, StoreError, DEFAULT_DB_NAME, META_LAST_BACKUP,
    META_SYNC_CONFIG, SNAPSHOTS_KEPT,
};
use crate::ui::clock::{now_iso, today};
use futures::future::join;
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use thiserror::Error;
use wasm_bindgen::JsValue;

/// The BroadcastChannel on which every tab announces its successful writes.
pub const CHANNEL_NAME: &str = "zhibu";
/// The `meta` key recording that persistent storage was requested once (`true`).
pub const META_PERSIST_ASKED: &str = "persist_asked";
/// The localStorage key saying that this browser's database had data when the app last looked ("1"; absent
/// otherwise). `public/boot.js` and the chunk loader (scripts/build-wasm.mjs step 5) read it under the same
/// name before the main module has started, and fetch the start's chunks (their pack, `pack-start`) in
/// parallel with it; the start then skips its peek. Only a hint: wrong, it costs one early fetch or one later
/// one.
pub const HAS_DATA_HINT: &str = "zhibu-has-data";

/// The page's localStorage, where the browser offers one.
fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Whether [`HAS_DATA_HINT`] says there is data.
fn has_data_hint() -> bool {
    local_storage()
        .and_then(|s| s.get_item(HAS_DATA_HINT).ok().flatten())
        .is_some_and(|v| v == "1")
}

/// Keeps [`HAS_DATA_HINT`] in step with what is stored.
fn remember_has_data(yes: bool) {
    let Some(storage) = local_storage() else {
        return;
    };
    let _ = if yes {
        storage.set_item(HAS_DATA_HINT, "1")
    } else {
        storage.remove_item(HAS_DATA_HINT)
    };
}

/// The `meta` key holding the day (`YYYY-MM-DD`) until which the backup reminder is hidden.
pub const META_REMINDER_SNOOZED: &str = "backup_reminder_until";

/// Why a user action was not carried out: the store failed, or the app refused it (with the reason).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ActionError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Refused(String),
}

/// Where loading the database stands.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadState {
    Loading,
    Ready,
    Failed(String),
}

/// Shared through Leptos context; cheap to copy.
///
/// The start is staged (see `domain::overview`): when a summary of the older activities is stored, `data`
/// first holds everything except the activities before `history.from` (`history` is `Some`, `complete`
/// false) and only the 概览 page is drawn from it; the rest is read right after, then `data` holds
/// everything, `history` is `None` and `complete` true. Until then the other pages show 正在载入… (see
/// [`WhenComplete`]) and every action waits ([`AppState::wait_complete`]).
#[derive(Clone, Copy)]
pub struct AppState {
    /// Everything stored, kept in step with IndexedDB (only a slice of it while `complete` is false).
    pub data: RwSignal<Dataset>,
    pub load: RwSignal<LoadState>,
    /// Whether `data` holds everything stored.
    pub complete: RwSignal<bool>,
    /// While `complete` is false: the summary of the activities not in `data`.
    pub history: RwSignal<Option<History>>,
    /// When the last backup was exported (`now_iso` text; [`META_LAST_BACKUP`]), if ever.
    pub last_backup: RwSignal<Option<String>>,
    /// The backup reminder stays hidden until this day (`YYYY-MM-DD`; [`META_REMINDER_SNOOZED`]).
    pub reminder_snoozed_until: RwSignal<Option<String>>,
    /// Another tab upgraded (or deleted) the database: this tab's connection is closed and it must reload.
    pub closed: RwSignal<bool>,
    /// Bumped after every successful write (here or in another tab), snapshot or storage request: what the
    /// snapshot list and the storage card re-read on.
    pub revision: RwSignal<u32>,
    store: StoredValue<Option<Rc<Store>>, LocalStorage>,
    /// The day the daily snapshot was last checked in this tab.
    daily_checked: StoredValue<Option<String>>,
    /// Whether persistent storage was requested already ([`META_PERSIST_ASKED`]).
    persist_asked: StoredValue<bool>,
    channel: StoredValue<Option<web_sys::BroadcastChannel>, LocalStorage>,
    /// Why the second stage of the start failed, if it did.
    rest_failed: StoredValue<Option<StoreError>>,
    /// Bumped by every write, so that only the last of several quick writes refreshes the 概览 summary.
    summary_seq: StoredValue<u32>,
    /// 概览's view when something is stored, set by the start's chunk (which holds its code), so that 概览 draws
    /// it in the same pass as the data; `None` before (then `routes::OverviewDashboard` fetches it).
    pub dashboard: StoredValue<Option<fn() -> AnyView>>,
    /// Where sync stands (`crate::sync`; `Phase::Off` when it is not set up): the top bar's mark and the
    /// 同步 page read it.
    pub sync: RwSignal<SyncStatus>,
    /// Asks the running sync for a run (set by `crate::sync::start`): called after every write here or in
    /// another tab.
    sync_hook: StoredValue<Option<Rc<dyn Fn()>>, LocalStorage>,
    /// The stored sync settings said "on" at the start: sync starts once the data is loaded.
    sync_wanted: StoredValue<bool>,
}

thread_local! {
    static SNAPSHOT_SEQ: Cell<u32> = const { Cell::new(0) };
}

/// A snapshot about to be taken now, for `reason` (shown in the list: 导入前, 清空前, 每日, 恢复快照前).
pub fn snapshot_plan(reason: &str) -> SnapshotPlan {
    let seq = SNAPSHOT_SEQ.with(|c| {
        let n = c.get().wrapping_add(1);
        c.set(n);
        n
    });
    // UTC ISO text sorts in time order; the sequence number separates two snapshots in the same millisecond.
    let utc: String = js_sys::Date::new_0().to_iso_string().into();
    SnapshotPlan {
        id: format!("{utc}#{seq:06}"),
        taken_at: now_iso(),
        reason: reason.to_owned(),
        keep: SNAPSHOTS_KEPT,
    }
}

impl AppState {
    fn store(&self) -> Result<Rc<Store>, StoreError> {
        if self.closed.try_get_untracked().unwrap_or(false) {
            return Err(StoreError::Closed);
        }
        self.store.try_get_value().flatten().ok_or(StoreError::Unavailable)
    }

    /// The open store, for the sync engine (which runs its own transactions, see `store::docs`).
    pub fn store_handle(&self) -> Result<Rc<Store>, StoreError> {
        self.store()
    }

    /// Sets (or clears) what [`AppState::kick_sync`] calls.
    pub fn set_sync_hook(&self, hook: Option<Rc<dyn Fn()>>) {
        self.sync_hook.try_set_value(hook);
    }

    /// Asks the running sync, if any, for a run (a write here or in another tab).
    pub fn kick_sync(&self) {
        if let Some(hook) = self.sync_hook.try_get_value().flatten() {
            hook();
        }
    }

    /// After the sync engine stored what came from the server: the other tabs re-read.
    pub fn announce_write(&self) {
        remember_has_data(self.data.with_untracked(|d| !nothing_stored(d, None)));
        self.announce();
    }

    /// Waits until all the data is loaded (see [`AppState`]): every action does, so that nothing is written
    /// or computed from the partial data of the start. Fails if loading failed.
    pub async fn wait_complete(&self) -> Result<(), StoreError> {
        loop {
            if self.complete.try_get_untracked().unwrap_or(false) {
                return Ok(());
            }
            if let Some(e) = self.rest_failed.try_get_value().flatten() {
                return Err(e);
            }
            match self.load.try_get_untracked() {
                Some(LoadState::Failed(msg)) => return Err(StoreError::Read(msg)),
                None => return Err(StoreError::Unavailable),
                _ => {}
            }
            gloo_timers::future::TimeoutFuture::new(20).await;
        }
    }

    /// Runs one store write; on success applies `apply` to the in-memory data. Before the first write of the
    /// day the stored data is kept as the day's snapshot.
    pub async fn write<F, Fut>(&self, op: F, apply: impl FnOnce(&mut Dataset)) -> Result<(), StoreError>
    where
        F: FnOnce(Rc<Store>) -> Fut,
        Fut: std::future::Future<Output = Result<(), StoreError>>,
    {
        self.wait_complete().await?;
        let store = self.store()?;
        self.daily_snapshot(&store).await;
        op(store).await?;
        self.data.try_update(apply);
        self.changed();
        Ok(())
    }

    /// Keeps what is stored as the day's snapshot, once a day per database (see `Store::daily_snapshot`). A
    /// failure here does not stop the user's change (it is reported by the change itself if the store is
    /// really failing).
    async fn daily_snapshot(&self, store: &Store) {
        let day = today().to_string();
        if self.daily_checked.try_get_value().flatten().as_deref() == Some(day.as_str()) {
            return;
        }
        self.daily_checked.try_set_value(Some(day.clone()));
        if let Ok(true) = store.daily_snapshot(&day, &snapshot_plan("每日")).await {
            self.revision.try_update(|r| *r += 1);
        }
    }

    /// After a successful write: tell the other tabs, refresh what depends on the store, and ask once for
    /// persistent storage.
    fn changed(&self) {
        self.revision.try_update(|r| *r += 1);
        remember_has_data(self.data.with_untracked(|d| !nothing_stored(d, None)));
        self.announce();
        self.ask_persistence_once();
        self.refresh_summary_soon();
        self.kick_sync();
    }

    /// After this tab's last write settles: stores the 概览 summary of the data as written (checked against
    /// the token of that write, so a write from another tab in between leaves it out).
    fn refresh_summary_soon(&self) {
        let seq = self.summary_seq.try_get_value().unwrap_or(0).wrapping_add(1);
        self.summary_seq.try_set_value(seq);
        let app = *self;
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(400).await;
            if app.summary_seq.try_get_value() != Some(seq) {
                return;
            }
            let Ok(store) = app.store() else { return };
            if let Some(token) = store.last_token() {
                app.save_summary(&store, &token, None).await;
            }
        });
    }

    /// Stores the 概览 summary ([`History`]) of the data in memory, which was read or written with `token`, with
    /// its start slice; skipped when it equals `known` (the summary the start used). A failure only means a
    /// slower next start.
    async fn save_summary(&self, store: &Store, token: &str, known: Option<&History>) {
        if !self.complete.try_get_untracked().unwrap_or(false) {
            return;
        }
        let day = today();
        let Some(history) = self
            .data
            .try_with_untracked(|d| History::before(d, overview_from(d, day)))
        else {
            return;
        };
        if known == Some(&history) {
            return;
        }
        let Some(slice) = self
            .data
            .try_with_untracked(|d| start_slice::encode(token, d, history.from))
        else {
            return;
        };
        let _ = store.save_overview(token, &history, &slice).await;
    }

    /// Posts on the BroadcastChannel that this tab changed the store.
    fn announce(&self) {
        if let Some(channel) = self.channel.try_get_value().flatten() {
            let _ = channel.post_message(&JsValue::from_str("changed"));
        }
    }

    /// The channel other tabs announce their writes on (`None` where BroadcastChannel is missing).
    pub fn channel(&self) -> Option<web_sys::BroadcastChannel> {
        self.channel.try_get_value().flatten()
    }

    fn ask_persistence_once(&self) {
        if self.persist_asked.try_get_value().unwrap_or(true) {
            return;
        }
        self.persist_asked.try_set_value(true);
        let app = *self;
        leptos::task::spawn_local(async move {
            let _ = crate::ui::components::storage_status::request_persistence().await;
            if let Ok(store) = app.store() {
                let _ = store.set_meta(META_PERSIST_ASKED, &true).await;
            }
            app.revision.try_update(|r| *r += 1);
        });
    }

    /// Puts what a pull wrote into the data held (instead of reading everything again), then does what a write
    /// of this tab does: other tabs re-read, the 概览 summary is stored again. Only once everything is loaded
    /// ([`AppState::is_complete`]; before, the start's second stage reads what the pull wrote).
    pub fn patch_pulled(&self, changes: Vec<(DocId, Option<Record>)>) {
        self.data.try_update(|d| patch(d, changes));
        self.history.try_set(None);
        self.revision.try_update(|r| *r += 1);
        self.announce_write();
        self.refresh_summary_soon();
    }

    /// Whether all the data is loaded (not only the start's first stage).
    pub fn is_complete(&self) -> bool {
        self.complete.try_get_untracked().unwrap_or(false)
    }

    /// Re-reads everything from the store (after a bulk change, or a change made in another tab). From the
    /// main module call [`crate::ui::routes::reload_all`] instead, which fetches this code's chunk.
    pub async fn reload(self) -> Result<(), StoreError> {
        let store = self.store()?;
        let (data, token) = store.load_all_with_token().await?;
        self.hold_all(data);
        self.load_meta(&store).await;
        self.revision.try_update(|r| *r += 1);
        self.save_summary(&store, &token, None).await;
        Ok(())
    }

    /// Holds `data`, everything stored, read from the store (replacing a first stage's slice), and keeps
    /// [`HAS_DATA_HINT`] in step with it (a hint may have been wrong, or another tab may have written).
    fn hold_all(&self, data: Dataset) {
        remember_has_data(!nothing_stored(&data, None));
        self.data.try_set(data);
        self.history.try_set(None);
        self.complete.try_set(true);
    }

    /// Reads the `meta` values the UI shows (last backup, reminder snooze); missing or unreadable: none.
    async fn load_meta(&self, store: &Store) {
        let last: Option<String> = store.meta(META_LAST_BACKUP).await.ok().flatten();
        let snoozed: Option<String> = store.meta(META_REMINDER_SNOOZED).await.ok().flatten();
        self.last_backup.try_set(last.filter(|s| !s.is_empty()));
        self.reminder_snoozed_until.try_set(snoozed.filter(|s| !s.is_empty()));
    }

    /// Replaces all data (import, demo data), keeping what was stored as a snapshot (导入前) in the same
    /// transaction.
    pub async fn replace_all(&self, data: Dataset) -> Result<(), StoreError> {
        self.replace_all_because(data, "导入前").await
    }

    /// Replaces all data, keeping what was stored as a snapshot labelled `reason`, in one transaction.
    pub async fn replace_all_because(&self, data: Dataset, reason: &str) -> Result<(), StoreError> {
        self.wait_complete().await?;
        let store = self.store()?;
        store
            .replace_all_after_snapshot(&data, Some(&snapshot_plan(reason)))
            .await?;
        self.data.try_set(data);
        self.changed();
        // The next start can then draw 概览 from a slice at once (checked against this write's token).
        if let Some(token) = store.last_token() {
            self.save_summary(&store, &token, None).await;
        }
        Ok(())
    }

    /// The automatic snapshots, newest first.
    pub async fn snapshots(&self) -> Result<Vec<SnapshotSummary>, StoreError> {
        self.store()?.snapshot_summaries().await
    }

    /// One automatic snapshot with its data.
    pub async fn snapshot(&self, id: &str) -> Result<Option<Snapshot>, StoreError> {
        self.store()?.snapshot(id).await
    }

    /// Puts a snapshot's data back, after keeping the current data as a snapshot (恢复快照前).
    pub async fn restore_snapshot(&self, id: &str) -> Result<(), ActionError> {
        let Some(snapshot) = self.snapshot(id).await? else {
            return Err(ActionError::Refused(
                "这个快照已不存在（可能已被更新的快照替换），请查看最新的列表".to_owned(),
            ));
        };
        self.replace_all_because(snapshot.data, "恢复快照前").await?;
        // Re-read, so the lists come in the store's order.
        self.reload().await?;
        Ok(())
    }

    /// Records that a backup was exported just now (for the backup reminder).
    pub async fn mark_backup_exported(&self) -> Result<(), StoreError> {
        self.wait_complete().await?;
        let when = now_iso();
        self.store()?.set_meta(META_LAST_BACKUP, &when).await?;
        self.last_backup.try_set(Some(when));
        self.announce();
        Ok(())
    }

    /// Hides the backup reminder until `until` (`YYYY-MM-DD`).
    pub async fn snooze_backup_reminder(&self, until: String) -> Result<(), StoreError> {
        self.reminder_snoozed_until.try_set(Some(until.clone()));
        self.wait_complete().await?;
        self.store()?.set_meta(META_REMINDER_SNOOZED, &until).await?;
        self.announce();
        Ok(())
    }

    /// Saves the branch profile (name, parent organisation, committee seats).
    pub async fn save_branch(&self, branch: Branch) -> Result<(), StoreError> {
        let stored = branch.clone();
        self.write(
            |s| async move { s.save_branch(&stored).await },
            move |d| d.branch = branch,
        )
        .await
    }

    /// Adds a new group or updates an existing one (same id).
    pub async fn save_group(&self, group: PartyGroup) -> Result<(), StoreError> {
        let stored = group.clone();
        self.write(
            |s| async move { s.put_group(&stored).await },
            move |d| {
                upsert(&mut d.groups, group, |g| &g.id);
            },
        )
        .await
    }

    /// Deletes a group; its members stay in the branch without a group.
    pub async fn delete_group(&self, id: GroupId) -> Result<(), StoreError> {
        let stored = id.clone();
        self.write(
            |s| async move { s.delete_group(&stored).await },
            move |d| {
                d.groups.retain(|g| g.id != id);
                for m in d.members.iter_mut().filter(|m| m.group.as_ref() == Some(&id)) {
                    m.group = None;
                }
            },
        )
        .await
    }

    /// Adds a new member or updates an existing one (same id).
    pub async fn save_member(&self, member: Member) -> Result<(), StoreError> {
        let stored = member.clone();
        self.write(
            |s| async move { s.put_member(&stored).await },
            move |d| {
                upsert(&mut d.members, member, |m| &m.id);
            },
        )
        .await
    }

    /// Deletes a member who appears nowhere else; otherwise refuses and says why (transfer them out instead).
    pub async fn delete_member(&self, id: MemberId) -> Result<(), ActionError> {
        if let Some(why) = self.data.with_untracked(|d| MemberUsage::of(d, &id).refusal()) {
            return Err(ActionError::Refused(why));
        }
        let stored = id.clone();
        self.write(
            |s| async move { s.delete_member(&stored).await },
            move |d| d.members.retain(|m| m.id != id),
        )
        .await?;
        Ok(())
    }

    /// Deletes everything stored on this device, keeping it as a snapshot (清空前) in the same transaction.
    pub async fn clear_all(&self) -> Result<(), StoreError> {
        self.wait_complete().await?;
        let store = self.store()?;
        store.clear_all_after_snapshot(Some(&snapshot_plan("清空前"))).await?;
        self.data.try_set(Dataset::default());
        self.changed();
        Ok(())
    }
}

/// Where a member is still named: what blocks deleting them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemberUsage {
    /// Activities (held or planned) naming them as attendee, host, recorder or lecturer.
    pub records: usize,
    /// Study-plan items they lead.
    pub study_items: usize,
    /// Committee seats they hold.
    pub seats: Vec<&'static str>,
    /// Names of the groups they lead.
    pub led_groups: Vec<String>,
}

impl MemberUsage {
    pub fn of(data: &Dataset, id: &MemberId) -> MemberUsage {
        MemberUsage {
            records: data
                .activities
                .iter()
                .filter(|a| {
                    a.host.as_ref() == Some(id)
                        || a.recorder.as_ref() == Some(id)
                        || a.lecturer.as_ref() == Some(id)
                        || a.attendance.iter().any(|e| &e.member == id)
                })
                .count(),
            study_items: data
                .study_items
                .iter()
                .filter(|s| s.study_leader.as_ref() == Some(id))
                .count(),
            seats: data.branch.roles_of(id).into_iter().map(|r| r.label()).collect(),
            led_groups: data
                .groups
                .iter()
                .filter(|g| g.group_leader.as_ref() == Some(id))
                .map(|g| g.name.clone())
                .collect(),
        }
    }

    /// Whether past or planned records name them (then they should be transferred out, not deleted).
    pub fn has_history(&self) -> bool {
        self.records > 0 || self.study_items > 0
    }

    pub fn is_free(&self) -> bool {
        !self.has_history() && self.seats.is_empty() && self.led_groups.is_empty()
    }

    /// Why deleting is refused, in Chinese, with what to do; `None` when deleting is allowed.
    pub fn refusal(&self) -> Option<String> {
        if self.is_free() {
            return None;
        }
        let mut reasons = Vec::new();
        if self.records > 0 {
            reasons.push(format!("{} 条活动记录或计划中有此人", self.records));
        }
        if self.study_items > 0 {
            reasons.push(format!("学习计划中有 {} 项由此人领学", self.study_items));
        }
        if !self.seats.is_empty() {
            reasons.push(format!("此人担任{}", self.seats.join("、")));
        }
        if !self.led_groups.is_empty() {
            reasons.push(format!("此人是{}的组长", self.led_groups.join("、")));
        }
        let mut msg = format!("不能删除：{}。", reasons.join("；"));
        if !self.seats.is_empty() {
            msg.push_str("请先在“支部信息”中更换支委职务。");
        }
        if !self.led_groups.is_empty() {
            msg.push_str("请先在“党小组”中更换组长。");
        }
        if self.has_history() {
            msg.push_str("已有记录的人员请登记转出日期：转出后不再计入应到，历史记录仍保留其姓名。");
        }
        Some(msg)
    }
}
/// Creates the state, provides it as context and starts loading the database.
pub fn provide_app_state() -> AppState {
    let state = AppState {
        data: RwSignal::new(Dataset::default()),
        load: RwSignal::new(LoadState::Loading),
        complete: RwSignal::new(false),
        history: RwSignal::new(None),
        last_backup: RwSignal::new(None),
        reminder_snoozed_until: RwSignal::new(None),
        closed: RwSignal::new(false),
        revision: RwSignal::new(0),
        store: StoredValue::new_local(None),
        daily_checked: StoredValue::new(None),
        persist_asked: StoredValue::new(true),
        channel: StoredValue::new_local(web_sys::BroadcastChannel::new(CHANNEL_NAME).ok()),
        rest_failed: StoredValue::new(None),
        summary_seq: StoredValue::new(0),
        dashboard: StoredValue::new(None),
        sync: RwSignal::new(SyncStatus::default()),
        sync_hook: StoredValue::new_local(None),
        sync_wanted: StoredValue::new(false),
    };
    provide_context(state);
    // The `meta` values the pages show.
    const KEYS: [&str; 4] = [
        META_PERSIST_ASKED,
        META_LAST_BACKUP,
        META_REMINDER_SNOOZED,
        META_SYNC_CONFIG,
    ];
    let hinted = has_data_hint();
    if hinted {
        // Data last time: the chunk that reads it will be needed; instantiate it while the database opens.
        crate::ui::routes::preload_start();
    }
    leptos::task::spawn_local(async move {
        let store = match Store::open(DEFAULT_DB_NAME).await {
            Ok(store) => Rc::new(store),
            Err(e) => {
                state.load.try_set(LoadState::Failed(e.to_string()));
                return;
            }
        };
        store.on_version_change(move || {
            state.closed.try_set(true);
        });
        state.store.set_value(Some(store.clone()));
        // Without the hint, first whether anything is stored (the first visit: nothing, and no chunk needed).
        if !hinted {
            let peek = match store.peek(&KEYS).await {
                Ok(peek) => peek,
                Err(e) => {
                    state.load.try_set(LoadState::Failed(e.to_string()));
                    return;
                }
            };
            state.show_meta(&peek.meta);
            if peek.empty {
                // Nothing to read: the welcome page, drawn with the main module alone.
                state.complete.try_set(true);
                state.load.try_set(LoadState::Ready);
                state.resume_sync_if_wanted().await;
                return;
            }
            remember_has_data(true);
        }
        // The code that reads and shows the records is in a chunk (with 概览's); while it loads, the start's
        // first read runs (with the hint it reads the `meta` values too).
        let keys: &[&str] = if hinted { &KEYS } else { &[] };
        let (stages, read) = join(
            crate::ui::routes::load_start(state, store.clone()),
            store.read_start(keys),
        )
        .await;
        match stages {
            Ok(stages) => stages(read).await,
            Err(e) => {
                state.load.try_set(LoadState::Failed(e.to_string()));
            }
        }
        state.resume_sync_if_wanted().await;
    });
    state
}

impl AppState {
    /// Shows the `meta` values read at the start (in the order of `KEYS` in [`provide_app_state`]).
    fn show_meta(&self, values: &[JsValue]) {
        let text = |i: usize| values.get(i).and_then(JsValue::as_string).filter(|s| !s.is_empty());
        self.persist_asked
            .try_set_value(values.first().and_then(JsValue::as_bool).unwrap_or(false));
        self.last_backup.try_set(text(1));
        self.reminder_snoozed_until.try_set(text(2));
        // The sync settings, looked at without their code: only `enabled`.
        let sync_on = values
            .get(3)
            .and_then(|v| js_sys::Reflect::get(v, &JsValue::from_str("enabled")).ok())
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        self.sync_wanted.try_set_value(sync_on);
    }

    /// Starts sync (through its chunk) when the stored settings said it is on.
    async fn resume_sync_if_wanted(&self) {
        if self.sync_wanted.try_get_value().unwrap_or(false) {
            if let Ok(task) = crate::ui::routes::resume_sync(*self).await {
                task.await;
            }
        }
    }

    /// The two stages of the start, for a database with something in it (see [`AppState`]); in a chunk
    /// ([`crate::ui::routes::load_start`]).
    pub async fn load_stages(self, store: Rc<Store>, read: Result<StartRead, StoreError>) {
        self.dashboard
            .try_set_value(Some(crate::ui::pages::overview_dashboard::dashboard_view));
        // First stage: what 概览 needs, if a summary of the older activities is stored (with the `meta` values
        // the start asked for).
        let first = match read {
            Ok(read) => {
                if !read.values.is_empty() {
                    self.show_meta(&read.values);
                }
                store.overview_from(read, today()).await
            }
            Err(e) => Err(e),
        };
        let known = match first {
            Ok(Some(first)) => {
                self.data.try_set(first.data);
                self.history.try_set(Some(first.history.clone()));
                self.load.try_set(LoadState::Ready);
                // Let the page draw before reading the rest.
                gloo_timers::future::TimeoutFuture::new(0).await;
                // Without its slice (stored by an older version), the summary is stored again to add one.
                first.from_slice.then_some(first.history)
            }
            Ok(None) => None,
            Err(e) => {
                self.load.try_set(LoadState::Failed(e.to_string()));
                return;
            }
        };
        // The second stage: everything.
        match store.load_all_with_token().await {
            Ok((data, token)) => {
                self.hold_all(data);
                // Only if the first stage did not (setting it again would redraw every page).
                if self.load.try_get_untracked() != Some(LoadState::Ready) {
                    self.load.try_set(LoadState::Ready);
                }
                // Keep the summary for the next start (after the page has drawn).
                gloo_timers::future::TimeoutFuture::new(0).await;
                self.save_summary(&store, &token, known.as_ref()).await;
            }
            Err(e) => {
                self.rest_failed.try_set_value(Some(e.clone()));
                self.load.try_set(LoadState::Failed(e.to_string()));
            }
        }
    }
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}

/// Shows `children` once all the data is loaded; before, a loading line (only 概览 is drawn from the first
/// stage of the start, see [`AppState`]).
#[component]
pub fn WhenComplete(children: ChildrenFn) -> impl IntoView {
    let app = use_app();
    view! {
        <Show when=move || app.complete.get() fallback=|| view! { <p class="loading">"正在载入…"</p> }>
            {children()}
        </Show>
    }
}

/// Record-book actions (activities, roll, make-up study): each one store transaction.
impl AppState {
    /// Adds a new activity or replaces the stored one with the same id.
    pub async fn save_activity(&self, activity: crate::domain::Activity) -> Result<(), StoreError> {
        let stored = activity.clone();
        self.write(
            |s| async move { s.put_activity(&stored).await },
            move |d| {
                upsert(&mut d.activities, activity, |a| &a.id);
            },
        )
        .await
    }

    /// Deletes one activity (its roll and make-up study go with it).
    pub async fn delete_activity(&self, id: crate::domain::ActivityId) -> Result<(), StoreError> {
        let stored = id.clone();
        self.write(
            |s| async move { s.delete_activity(&stored).await },
            move |d| d.activities.retain(|a| a.id != id),
        )
        .await
    }
}

/// Plan and schedule actions (year plan, study plan, "我的"): each one store transaction.
impl AppState {
    /// Adds or replaces many activities in one transaction (a generated year plan): all or nothing.
    pub async fn put_activities(&self, activities: Vec<crate::domain::Activity>) -> Result<(), StoreError> {
        if activities.is_empty() {
            return Ok(());
        }
        let stored = activities.clone();
        self.write(
            |s| async move { s.put_activities(&stored).await },
            move |d| {
                for a in activities {
                    upsert(&mut d.activities, a, |x| &x.id);
                }
            },
        )
        .await
    }

    /// Adds a study-plan item or replaces the stored one with the same id.
    pub async fn save_study_item(&self, item: crate::domain::StudyItem) -> Result<(), StoreError> {
        let stored = item.clone();
        self.write(
            |s| async move { s.put_study_item(&stored).await },
            move |d| {
                if upsert(&mut d.study_items, item, |x| &x.id) {
                    crate::domain::sort::sort_by(&mut d.study_items, |a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
                }
            },
        )
        .await
    }

    /// Deletes one study-plan item.
    pub async fn delete_study_item(&self, id: crate::domain::StudyItemId) -> Result<(), StoreError> {
        let stored = id.clone();
        self.write(
            |s| async move { s.delete_study_item(&stored).await },
            move |d| d.study_items.retain(|x| x.id != id),
        )
        .await
    }

    /// The member "我的" remembers on this device (meta key [`META_MY_MEMBER`]), if the user asked for it.
    pub async fn remembered_member(&self) -> Result<Option<MemberId>, StoreError> {
        let value: Option<String> = self.store()?.meta(META_MY_MEMBER).await?;
        Ok(value.filter(|v| !v.is_empty()).map(MemberId))
    }

    /// Remembers (or with `None` forgets) who uses "我的" on this device. Kept in the database's `meta`
    /// store: not part of backups, kept when the data is cleared.
    pub async fn remember_member(&self, member: Option<MemberId>) -> Result<(), StoreError> {
        let value = member.map(|m| m.0).unwrap_or_default();
        self.wait_complete().await?;
        self.store()?.set_meta(META_MY_MEMBER, &value).await
    }
}

/// The `meta` key under which "我的" remembers the chosen member (an id, or "" for nobody).
pub const META_MY_MEMBER: &str = "my_member";

/// Compliance rules actions (规则 page): each one store transaction.
impl AppState {
    /// Stores the edited rules, after checking them all (nothing is stored if any is invalid). A set equal to
    /// the defaults is stored as "the defaults" (empty), so later default changes reach it.
    pub async fn save_rules(&self, rules: Vec<crate::domain::rules::Rule>) -> Result<(), ActionError> {
        let problems = crate::domain::rules::validate_rules(&rules);
        if let Some((i, e)) = problems.first() {
            let name = rules.get(*i).map(|r| r.describe()).unwrap_or_default();
            return Err(ActionError::Refused(format!("规则“{name}”有误：{e}，未保存")));
        }
        let rules = if rules == crate::domain::rules::default_rules() {
            Vec::new()
        } else {
            rules
        };
        let stored = rules.clone();
        self.write(|s| async move { s.save_rules(&stored).await }, move |d| d.rules = rules)
            .await?;
        Ok(())
    }
}

/// Bulk member actions (粘贴名单批量添加): one store transaction.
impl AppState {
    /// Adds or replaces many members in one transaction: all or nothing; the data signal changes only when
    /// the write succeeded.
    pub async fn save_members(&self, members: Vec<Member>) -> Result<(), StoreError> {
        if members.is_empty() {
            return Ok(());
        }
        let stored = members.clone();
        self.write(
            |s| async move { s.put_members(&stored).await },
            move |d| {
                for m in members {
                    upsert(&mut d.members, m, |x| &x.id);
                }
            },
        )
        .await
    }
}

/// Replaces the record of `list` with the same key as `item`, or appends `item` when there is none (the one
/// way every save updates the data signal after its store write). True when `item` was appended.
fn upsert<T, K: PartialEq>(list: &mut Vec<T>, item: T, key: impl Fn(&T) -> &K) -> bool {
    match list.iter_mut().find(|x| key(x) == key(&item)) {
        Some(x) => {
            *x = item;
            false
        }
        None => {
            list.push(item);
            true
        }
    }
}
