//! The only module that knows IndexedDB.
//!
//! One database per branch (default name [`DEFAULT_DB_NAME`]) with a versioned schema (see [`schema`]).
//! Every public method is one user action and runs in exactly one transaction: a write is either stored
//! completely or not at all (read-write transactions are committed explicitly; dropping one aborts it).
//! Inside a transaction only IndexedDB requests are awaited; values are serialised before the first request.
//!
//! Records are the domain types serialised with serde-wasm-bindgen as indexed_db_futures does it (maps as
//! plain objects; `None` as an absent/undefined property, which reads back as `None`; numbers as JS numbers,
//! exact for `f64` and `u32`). Dates and kinds are strings, which the indexes rely on.

mod docs;
mod error;
pub mod schema;
mod start_slice;

pub use docs::{Conflict, META_CHECKPOINT_PREFIX, META_DOC_SEQ, META_SYNC_CONFIG, META_SYNC_REJECTED};
pub use error::StoreError;
pub use schema::SchemaInfo;
pub use start_slice::META_START_SLICE;

use crate::domain::overview::History;
use crate::domain::rules::Rule;
use crate::domain::sort::{sort, sort_by};
use crate::domain::sync::doc::{DocId, Record};
use crate::domain::{
    Activity, ActivityId, Branch, Dataset, Date, GroupId, Member, MemberId, PartyGroup, StudyItem, StudyItemId,
};
use docs::{canonical, doc_id_of, mark_stale, track, AsDoc};
use indexed_db_futures::database::Database;
use indexed_db_futures::error::Error;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use indexed_db_futures::KeyRange;
use schema::{
    ACTIVITIES, BRANCH, BRANCH_KEY, BY_DATE, BY_GROUP, DATA_STORES, DOCS, GROUPS, MEMBERS, META, SNAPSHOTS, STUDY_ITEMS,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use wasm_bindgen::JsCast;

/// The database the app uses.
pub const DEFAULT_DB_NAME: &str = "zhibu";

/// The `meta` key under which the UI records the time of the last exported backup.
pub const META_LAST_BACKUP: &str = "last_backup";

/// The `meta` key holding the branch's edited rules ([`Dataset::rules`]); absent or empty means the
/// defaults. Read and written with the data stores (in [`Store::load_all`] and [`Store::replace_all`]), so
/// the rules travel with the data into backups and snapshots.
pub const META_RULES: &str = "rules";

/// The `meta` key of the committee's roll-up settings (`domain::sync::committee::CommitteeConfig`: the unit's
/// server and the list of branch databases the 汇总 page reads; never a password). The committee's own, not
/// the branch's: not part of the branch's data, its backups, snapshots or sync settings, and clearing the
/// branch's data keeps it.
pub const META_COMMITTEE: &str = "committee_view";

/// The `meta` key holding the day (`YYYY-MM-DD`) of the last daily snapshot check ([`Store::daily_snapshot`]).
pub const META_DAILY_SNAPSHOT: &str = "daily_snapshot";

/// The `meta` key holding the list of snapshots without their data ([`SnapshotSummary`], any order), kept in
/// step with the `snapshots` store in the same transactions, so the list on 数据 never reads a snapshot's data.
/// A database whose list is missing or does not match the stored ids (written before the list existed) gets
/// it rebuilt from the snapshots once, by [`Store::snapshot_summaries`].
pub const META_SNAPSHOT_INDEX: &str = "snapshot_index";

/// The `meta` key holding a token that every write of the branch's data (a data store or the rules) changes,
/// in the same transaction: what the 概览 summary ([`META_OVERVIEW`]) is checked against.
pub const META_DATA_TOKEN: &str = "data_token";

/// The `meta` key holding the summary of the older records that the 概览 page starts from (see
/// [`Store::overview_from`]), with the [`META_DATA_TOKEN`] it was computed at.
pub const META_OVERVIEW: &str = "overview";

/// What is kept under [`META_OVERVIEW`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct OverviewCache {
    token: String,
    history: History,
}

/// What the start looks at first ([`Store::peek`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Peek {
    /// Nothing is stored: no record in any data store and no edited rules.
    pub empty: bool,
    /// The `meta` values asked for, in the order of the keys.
    pub meta: Vec<wasm_bindgen::JsValue>,
}

/// The first stage of the start: what the 概览 page needs (see `domain::overview`).
#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    /// Everything except the activities and study items dated before `history.from`.
    pub data: Dataset,
    /// The summary of those older records.
    pub history: History,
    /// Whether `data` came from the start slice stored with the summary; if not (a summary stored before
    /// slices were), storing the summary again adds it.
    pub from_slice: bool,
}

/// What the start reads first ([`Store::read_start`]), as stored: [`Store::overview_from`] makes the first
/// stage of it.
#[derive(Debug)]
pub struct StartRead {
    /// The data token (empty if none is stored).
    token: String,
    /// The 概览 summary ([`META_OVERVIEW`]), not yet parsed.
    summary: Option<wasm_bindgen::JsValue>,
    /// The start slice ([`META_START_SLICE`]), not yet parsed.
    slice: Option<wasm_bindgen::JsValue>,
    /// The `meta` values asked for, in the order of the keys.
    pub values: Vec<wasm_bindgen::JsValue>,
}

/// How many automatic snapshots are kept.
pub const SNAPSHOTS_KEPT: usize = 7;

/// An automatic backup kept inside the database (store `snapshots`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Chosen by the caller; ids sort as text, so use a sortable timestamp such as `2026-11-21T19:32:00.123`.
    pub id: String,
    /// When it was taken, for display.
    pub taken_at: String,
    /// Why it was taken, for display (e.g. "导入备份前").
    #[serde(default)]
    pub reason: String,
    pub data: Dataset,
}

/// A snapshot about to be taken: its id (sortable text, see [`Snapshot::id`]), when and why, and how many
/// snapshots to keep in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotPlan {
    pub id: String,
    pub taken_at: String,
    pub reason: String,
    pub keep: usize,
}

/// What the snapshot list shows of one snapshot (without its data); also what [`META_SNAPSHOT_INDEX`] holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotSummary {
    pub id: String,
    pub taken_at: String,
    pub reason: String,
    pub branch_name: String,
    pub members: usize,
    pub groups: usize,
    pub activities: usize,
    pub study_items: usize,
}

impl SnapshotSummary {
    fn of(s: &Snapshot) -> SnapshotSummary {
        SnapshotSummary {
            id: s.id.clone(),
            taken_at: s.taken_at.clone(),
            reason: s.reason.clone(),
            branch_name: s.data.branch.name.clone(),
            members: s.data.members.len(),
            groups: s.data.groups.len(),
            activities: s.data.activities.len(),
            study_items: s.data.study_items.len(),
        }
    }
}

/// An open connection to one branch's database.
pub struct Store {
    db: Database,
    /// The [`META_DATA_TOKEN`] this connection last wrote (after its transaction committed).
    last_token: RefCell<Option<String>>,
    /// What this connection's pulls wrote since the sync engine last took it ([`Store::take_pulled`]).
    pulled: RefCell<crate::domain::sync::pulled::PulledChanges>,
    /// The token of the last pull's write: when this connection wrote anything after it, the page reads
    /// everything instead of patching (its data holds that later write).
    pulled_token: RefCell<Option<String>>,
}

impl Store {
    /// Opens (creating or upgrading as needed) the database called `name`.
    pub async fn open(name: &str) -> Result<Store, StoreError> {
        let db = schema::open(name).await?;
        Ok(Store {
            db,
            last_token: RefCell::new(None),
            pulled: RefCell::default(),
            pulled_token: RefCell::new(None),
        })
    }

    /// Closes the connection (needed before deleting or upgrading the database).
    pub fn close(self) {
        self.db.close();
    }

    /// Deletes the database `name` and everything in it. Close this app's connections to it first; other
    /// tabs' connections close themselves.
    pub async fn delete_database(name: &str) -> Result<(), StoreError> {
        schema::delete(name).await
    }

    /// What the last schema upgrade recorded (version and app version), if anything.
    pub async fn schema_info(&self) -> Result<Option<SchemaInfo>, StoreError> {
        self.meta(schema::SCHEMA_INFO_KEY).await
    }

    /// Everything stored, as one value (read in one transaction). Activities and study items come in date
    /// order, groups and members in id order; the rules come from `meta` ([`META_RULES`]).
    pub async fn load_all(&self) -> Result<Dataset, StoreError> {
        Ok(self.load_all_with_token().await?.0)
    }

    /// [`Store::load_all`], with the [`META_DATA_TOKEN`] read in the same transaction (empty when none was
    /// ever written), for [`Store::save_overview`].
    pub async fn load_all_with_token(&self) -> Result<(Dataset, String), StoreError> {
        let tx = self.begin(&data_and_meta(), TransactionMode::Readonly)?;
        let token = read_token(&tx).await?;
        let data = read_all(&tx).await?;
        drop(tx);
        Ok((data, token))
    }

    /// What the start looks at before anything else, in one read-only transaction that deserialises no record
    /// (so that the main wasm module, which draws an empty database's welcome page, needs no record code):
    /// whether nothing is stored, and the `meta` values under `keys` as they are stored (`undefined` when
    /// absent).
    pub async fn peek(&self, keys: &[&str]) -> Result<Peek, StoreError> {
        let tx = self.begin(&data_and_meta(), TransactionMode::Readonly)?;
        let counts = DATA_STORES
            .iter()
            .map(|name| store(&tx, name)?.count().primitive().map_err(read_err))
            .collect::<Result<Vec<_>, _>>()?;
        let meta = store(&tx, META)?;
        let rules = meta.get(META_RULES).primitive().map_err(read_err)?;
        let values = meta_values(&meta, keys)?;
        let mut empty = true;
        for count in counts {
            let count: u32 = count.await.map_err(read_err)?;
            empty &= count == 0;
        }
        let rules: Option<wasm_bindgen::JsValue> = rules.await.map_err(read_err)?;
        empty &= rules.is_none();
        Ok(Peek {
            empty,
            meta: meta_values_read(values).await,
        })
    }

    /// The start's first read: the data token, the 概览 summary and the start slice, with the `meta` values under
    /// `keys` (as [`Store::peek`] reads them), all requested at once in one transaction of `meta`. The start
    /// runs it while the chunk that uses it ([`Store::overview_from`]) is still loading (measured: 16 ms sooner
    /// on LARGE, docs/performance.md); it costs the main module only these few requests.
    pub async fn read_start(&self, keys: &[&str]) -> Result<StartRead, StoreError> {
        let tx = self.begin(&[META], TransactionMode::Readonly)?;
        let meta = store(&tx, META)?;
        let values = meta_values(&meta, keys)?;
        let token = meta.get(META_DATA_TOKEN).primitive().map_err(read_err)?;
        let summary = meta.get(META_OVERVIEW).primitive().map_err(read_err)?;
        let slice = meta.get(META_START_SLICE).primitive().map_err(read_err)?;
        let token: Option<String> = token.await.map_err(read_err)?;
        // Unreadable values (e.g. written by another version) are simply not used.
        let summary: Option<wasm_bindgen::JsValue> = summary.await.ok().flatten();
        let slice: Option<wasm_bindgen::JsValue> = slice.await.ok().flatten();
        let values = meta_values_read(values).await;
        Ok(StartRead {
            token: token.unwrap_or_default(),
            summary,
            slice,
            values,
        })
    }

    /// The first stage of the start, from what [`Store::read_start`] read: if a summary of the older
    /// records is stored ([`Store::save_overview`]) and still matches the data (its token is the current
    /// one, the numbers of older activities and study items agree) and starts no later than January 1 of
    /// `today`'s year, everything except the activities and study items dated before the summary's `from`,
    /// with the summary. `None` otherwise: then read everything ([`Store::load_all`]). Together with the older
    /// records this is exactly [`Store::load_all`] (tests/store.rs). Taken from the start slice stored with the
    /// summary ([`start_slice`]) if it was written at the token, else from the stores, in a new transaction
    /// that finds the token unchanged (if another tab wrote meanwhile: `None`).
    pub async fn overview_from(&self, read: StartRead, today: Date) -> Result<Option<Overview>, StoreError> {
        let StartRead {
            token, summary, slice, ..
        } = read;
        let summary: Option<OverviewCache> = from_json(summary).ok().flatten();
        let Some(summary) = summary.filter(|c| c.token == token && c.history.from <= Date::ymd(today.year(), 1, 1))
        else {
            return Ok(None);
        };
        // The slice stored with the summary, read at the same token: the records below, as one string.
        if let Some(data) = start_slice::parse(slice, &token) {
            return Ok(Some(Overview {
                data,
                history: summary.history,
                from_slice: true,
            }));
        }
        // No slice at this token (another tab wrote, or an older version stored the summary): the same records,
        // read from the stores now, if they are still at the token.
        let tx = self.begin(&data_and_meta(), TransactionMode::Readonly)?;
        if read_token(&tx).await? != token {
            return Ok(None);
        }
        let from = summary.history.from;
        let counts = counts_match(&tx, &summary.history)?;
        let text = start_slice::read(&tx, &token, from).await?;
        let matches = counts.await?;
        drop(tx);
        if !matches {
            return Ok(None);
        }
        let (_, data) = start_slice::parse_text(&String::from(text))?;
        Ok(Some(Overview {
            data,
            history: summary.history,
            from_slice: false,
        }))
    }

    /// Stores the summary of the older records for [`Store::overview_from`], computed from the data read with
    /// `token` ([`Store::load_all_with_token`], or [`Store::last_token`] after this connection's own write),
    /// with the start slice of the same data (`slice`, [`crate::domain::start_slice::encode`]), unless the data
    /// changed since (the token is no longer the current one) or the summary's counts of older activities and
    /// study items disagree with the stores. Returns whether it was stored.
    pub async fn save_overview(&self, token: &str, history: &History, slice: &str) -> Result<bool, StoreError> {
        let tx = self.begin(&data_and_meta(), TransactionMode::Readwrite)?;
        if read_token(&tx).await? != token {
            drop(tx);
            return Ok(false);
        }
        let cache = OverviewCache {
            token: token.to_owned(),
            history: history.clone(),
        };
        // The first stage then checks only the token, so the counts of older records are checked here.
        if !counts_match(&tx, history)?.await? {
            drop(tx);
            return Ok(false);
        }
        let meta = store(&tx, META)?;
        meta.put(slice)
            .with_key(META_START_SLICE.to_owned())
            .without_key_type()
            .primitive()
            .map(drop)
            .map_err(write_err)?;
        put_with_key(&meta, &cache, META_OVERVIEW)?;
        commit(tx).await?;
        Ok(true)
    }

    /// What pulls wrote here since the last call: the records for the page to patch its data with, or that too
    /// much came in for a patch.
    pub fn take_pulled(&self) -> crate::domain::sync::pulled::Pulled {
        use crate::domain::sync::pulled::Pulled;
        match self.pulled.borrow_mut().take() {
            Pulled::Patch(_) if *self.pulled_token.borrow() != *self.last_token.borrow() => Pulled::ReadAll,
            pulled => pulled,
        }
    }

    /// Notes what a pull's transaction wrote, once committed ([`Store::take_pulled`]); `before`: the last token
    /// when that transaction began. A write of this device between two pulls' writes (the page's data holds it,
    /// and an earlier pulled record may be older than it) makes the page read everything.
    fn note_pulled(&self, written: Option<Vec<(DocId, Option<Record>)>>, before: Option<String>) {
        let mut pulled = self.pulled.borrow_mut();
        if !pulled.is_empty() && *self.pulled_token.borrow() != before {
            pulled.note_batch(None);
        }
        pulled.note_batch(written);
        *self.pulled_token.borrow_mut() = self.last_token.borrow().clone();
    }

    /// The [`META_DATA_TOKEN`] of this connection's last committed write of the data, if any.
    pub fn last_token(&self) -> Option<String> {
        self.last_token.borrow().clone()
    }

    /// Commits a write of the data that [`touch`] marked with `token`, and remembers the token.
    async fn commit_touched(&self, tx: Transaction<'_>, token: String) -> Result<(), StoreError> {
        commit(tx).await?;
        *self.last_token.borrow_mut() = Some(token);
        Ok(())
    }

    /// Stores the branch's rules (empty: back to the defaults). The caller validates them first
    /// (`domain::rules::validate_rules`).
    pub async fn save_rules(&self, rules: &[Rule]) -> Result<(), StoreError> {
        let tx = self.begin(&[META, DOCS], TransactionMode::Readwrite)?;
        put_rules(&store(&tx, META)?, rules)?;
        let body = (!rules.is_empty()).then(|| crate::domain::sync::doc::Record::Rules(rules.to_vec()).canonical());
        track(&tx, &[(crate::domain::sync::doc::DocId::Rules, body)]).await?;
        let token = touch(&tx)?;
        self.commit_touched(tx, token).await
    }

    pub async fn save_branch(&self, branch: &Branch) -> Result<(), StoreError> {
        let tx = self.begin(&[BRANCH, META, DOCS], TransactionMode::Readwrite)?;
        put_with_key(&store(&tx, BRANCH)?, branch, BRANCH_KEY)?;
        track(&tx, &[(branch.doc_id(), Some(canonical(branch)))]).await?;
        let token = touch(&tx)?;
        self.commit_touched(tx, token).await
    }

    pub async fn put_group(&self, group: &PartyGroup) -> Result<(), StoreError> {
        self.put_one(GROUPS, group).await
    }

    /// Deletes a group and, in the same transaction, takes its members out of it (their `group` becomes
    /// `None`).
    pub async fn delete_group(&self, id: &GroupId) -> Result<(), StoreError> {
        let tx = self.begin(&[GROUPS, MEMBERS, META, DOCS], TransactionMode::Readwrite)?;
        delete_key(&store(&tx, GROUPS)?, id.as_str())?;
        let members = store(&tx, MEMBERS)?;
        let in_group: Vec<Member> = {
            let by_group = members.index(BY_GROUP).map_err(write_err)?;
            let found = by_group
                .get_all()
                .with_query(id.as_str())
                .primitive()
                .map_err(write_err)?
                .await;
            via_json(found)?
        };
        let mut edits = vec![(crate::domain::sync::doc::DocId::Group(id.clone()), None)];
        for mut member in in_group {
            member.group = None;
            put(&members, &member)?;
            edits.push((member.doc_id(), Some(canonical(&member))));
        }
        track(&tx, &edits).await?;
        let token = touch(&tx)?;
        self.commit_touched(tx, token).await
    }

    pub async fn put_member(&self, member: &Member) -> Result<(), StoreError> {
        self.put_one(MEMBERS, member).await
    }

    /// Adds or updates many members at once (a pasted list): all or nothing.
    pub async fn put_members(&self, members: &[Member]) -> Result<(), StoreError> {
        self.put_many(MEMBERS, members).await
    }

    pub async fn delete_member(&self, id: &MemberId) -> Result<(), StoreError> {
        self.delete_one(MEMBERS, id.as_str()).await
    }

    pub async fn put_activity(&self, activity: &Activity) -> Result<(), StoreError> {
        self.put_one(ACTIVITIES, activity).await
    }

    /// Adds or updates many activities at once (a generated year plan): all or nothing.
    pub async fn put_activities(&self, activities: &[Activity]) -> Result<(), StoreError> {
        self.put_many(ACTIVITIES, activities).await
    }

    pub async fn delete_activity(&self, id: &ActivityId) -> Result<(), StoreError> {
        self.delete_one(ACTIVITIES, id.as_str()).await
    }

    pub async fn put_study_item(&self, item: &StudyItem) -> Result<(), StoreError> {
        self.put_one(STUDY_ITEMS, item).await
    }

    pub async fn delete_study_item(&self, id: &StudyItemId) -> Result<(), StoreError> {
        self.delete_one(STUDY_ITEMS, id.as_str()).await
    }

    /// Replaces everything with `data` in one transaction (demo data, restore), its rules included. The rest
    /// of `meta` and `snapshots` are kept.
    pub async fn replace_all(&self, data: &Dataset) -> Result<(), StoreError> {
        self.replace_all_after_snapshot(data, None).await.map(drop)
    }

    /// Like [`Store::replace_all`], but first, in the same transaction, keeps what is stored now as a snapshot
    /// (`before`; skipped when nothing is stored): either both happen or neither. Returns whether a snapshot
    /// was taken.
    pub async fn replace_all_after_snapshot(
        &self,
        data: &Dataset,
        before: Option<&SnapshotPlan>,
    ) -> Result<bool, StoreError> {
        let tx = self.begin(&everything(), TransactionMode::Readwrite)?;
        let taken = match before {
            Some(plan) => snapshot_in(&tx, plan).await?,
            None => false,
        };
        for name in DATA_STORES {
            clear(&store(&tx, name)?)?;
        }
        put_with_key(&store(&tx, BRANCH)?, &data.branch, BRANCH_KEY)?;
        let groups = store(&tx, GROUPS)?;
        for group in &data.groups {
            put(&groups, group)?;
        }
        let members = store(&tx, MEMBERS)?;
        for member in &data.members {
            put(&members, member)?;
        }
        let activities = store(&tx, ACTIVITIES)?;
        for activity in &data.activities {
            put(&activities, activity)?;
        }
        let study_items = store(&tx, STUDY_ITEMS)?;
        for item in &data.study_items {
            put(&study_items, item)?;
        }
        put_rules(&store(&tx, META)?, &data.rules)?;
        // The records changed without revisions: the next sync makes them (`docs::Store::reconcile_docs`).
        mark_stale(&tx)?;
        let token = touch(&tx)?;
        self.commit_touched(tx, token).await?;
        Ok(taken)
    }

    /// Deletes all of the branch's data (the data stores and the rules); the rest of `meta` and `snapshots`
    /// are kept.
    pub async fn clear_all(&self) -> Result<(), StoreError> {
        self.clear_all_after_snapshot(None).await.map(drop)
    }

    /// Like [`Store::clear_all`], but first, in the same transaction, keeps what is stored now as a snapshot
    /// (`before`; skipped when nothing is stored). Returns whether a snapshot was taken.
    pub async fn clear_all_after_snapshot(&self, before: Option<&SnapshotPlan>) -> Result<bool, StoreError> {
        let tx = self.begin(&everything(), TransactionMode::Readwrite)?;
        let taken = match before {
            Some(plan) => snapshot_in(&tx, plan).await?,
            None => false,
        };
        for name in DATA_STORES {
            clear(&store(&tx, name)?)?;
        }
        delete_key(&store(&tx, META)?, META_RULES)?;
        delete_key(&store(&tx, META)?, META_OVERVIEW)?;
        delete_key(&store(&tx, META)?, META_START_SLICE)?;
        // Clearing this device also takes it out of sync, in the same transaction: its sync states would
        // otherwise turn into deletions of every record on the server at the next sync.
        docs::forget_sync_in(&tx).await?;
        let token = touch(&tx)?;
        self.commit_touched(tx, token).await?;
        Ok(taken)
    }

    /// The daily snapshot: unless one was already checked for `day` ([`META_DAILY_SNAPSHOT`]), keeps what is
    /// stored now as a snapshot (skipped when nothing is stored) and records `day`, in one transaction. Called
    /// before the first change of a day, so that the state at the end of the previous day stays recoverable.
    /// Returns whether a snapshot was taken.
    pub async fn daily_snapshot(&self, day: &str, plan: &SnapshotPlan) -> Result<bool, StoreError> {
        let tx = self.begin(&everything(), TransactionMode::Readwrite)?;
        let meta = store(&tx, META)?;
        let done: Option<String> = meta
            .get(META_DAILY_SNAPSHOT)
            .primitive()
            .map_err(write_err)?
            .await
            .map_err(read_err)?;
        if done.as_deref() == Some(day) {
            drop(tx);
            return Ok(false);
        }
        let taken = snapshot_in(&tx, plan).await?;
        put_with_key(&store(&tx, META)?, &day, META_DAILY_SNAPSHOT)?;
        commit(tx).await?;
        Ok(taken)
    }

    /// The stored snapshots without their data, newest first: from [`META_SNAPSHOT_INDEX`] when it matches
    /// the stored ids (a read-only look that reads no snapshot's data), else rebuilt from the snapshots and
    /// written back.
    pub async fn snapshot_summaries(&self) -> Result<Vec<SnapshotSummary>, StoreError> {
        let current = {
            let tx = self.begin(&[SNAPSHOTS, META], TransactionMode::Readonly)?;
            let index = read_snapshot_index(&store(&tx, META)?).await?;
            let ids = sorted_snapshot_ids(&store(&tx, SNAPSHOTS)?).await?;
            index.filter(|list| same_ids(list, &ids))
        };
        let mut list = match current {
            Some(list) => list,
            None => {
                let tx = self.begin(&[SNAPSHOTS, META], TransactionMode::Readwrite)?;
                let all = get_all::<Snapshot>(&store(&tx, SNAPSHOTS)?).await?;
                let list: Vec<SnapshotSummary> = all.iter().map(SnapshotSummary::of).collect();
                put_with_key(&store(&tx, META)?, &list, META_SNAPSHOT_INDEX)?;
                commit(tx).await?;
                list
            }
        };
        sort_by(&mut list, |a, b| b.id.cmp(&a.id));
        Ok(list)
    }

    /// Calls `f` when another tab (a newer version of the app, or one deleting the database) asks this
    /// connection to close; the connection closes itself (see `schema`) and later calls fail with
    /// [`StoreError::Closed`].
    pub fn on_version_change(&self, f: impl FnMut() + 'static) {
        let mut f = f;
        let raw: web_sys::IdbDatabase = self.db.as_sys().clone().unchecked_into();
        let listener = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| f());
        let _ = raw.add_event_listener_with_callback("versionchange", listener.as_ref().unchecked_ref());
        // Lives as long as the connection, like the closing listener.
        listener.forget();
    }

    /// A value from `meta`, e.g. [`META_LAST_BACKUP`].
    pub async fn meta<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, StoreError> {
        let tx = self.begin(&[META], TransactionMode::Readonly)?;
        let meta = store(&tx, META)?;
        get_json(&meta, key).await
    }

    /// Sets a value in `meta`.
    pub async fn set_meta<T: Serialize>(&self, key: &str, value: &T) -> Result<(), StoreError> {
        let tx = self.begin(&[META], TransactionMode::Readwrite)?;
        put_with_key(&store(&tx, META)?, value, key)?;
        commit(tx).await
    }

    pub async fn snapshot(&self, id: &str) -> Result<Option<Snapshot>, StoreError> {
        let tx = self.begin(&[SNAPSHOTS], TransactionMode::Readonly)?;
        let snapshots = store(&tx, SNAPSHOTS)?;
        get_json(&snapshots, id).await
    }

    async fn put_one<T: AsDoc>(&self, name: &str, value: &T) -> Result<(), StoreError> {
        self.put_many(name, std::slice::from_ref(value)).await
    }

    /// Stores records of the data store `name` and their new revisions, in one transaction.
    async fn put_many<T: AsDoc>(&self, name: &str, values: &[T]) -> Result<(), StoreError> {
        let tx = self.begin(&[name, META, DOCS], TransactionMode::Readwrite)?;
        let s = store(&tx, name)?;
        let mut edits = Vec::with_capacity(values.len());
        for value in values {
            // An error here drops `tx`, which aborts it: the earlier puts are rolled back.
            put(&s, value)?;
            edits.push((value.doc_id(), Some(canonical(value))));
        }
        track(&tx, &edits).await?;
        let token = touch(&tx)?;
        self.commit_touched(tx, token).await
    }

    /// Deletes a record of the data store `name` and records the deletion as its new revision.
    async fn delete_one(&self, name: &str, key: &str) -> Result<(), StoreError> {
        let tx = self.begin(&[name, META, DOCS], TransactionMode::Readwrite)?;
        delete_key(&store(&tx, name)?, key)?;
        if let Some(id) = doc_id_of(name, key) {
            track(&tx, &[(id, None)]).await?;
        }
        let token = touch(&tx)?;
        self.commit_touched(tx, token).await
    }

    fn begin(&self, stores: &[&str], mode: TransactionMode) -> Result<Transaction<'_>, StoreError> {
        self.db
            .transaction(stores)
            .with_mode(mode)
            .build()
            .map_err(|e| match dom_name(&e).as_deref() {
                // The connection was closed (here, or because another tab upgraded or deleted the database).
                Some("InvalidStateError") => StoreError::Closed,
                _ if mode == TransactionMode::Readonly => read_err(e),
                _ => write_err(e),
            })
    }
}

/// The data stores and `meta` (where the rules live): the scope of whole-dataset reads and writes.
fn data_and_meta() -> [&'static str; 6] {
    let [a, b, c, d, e] = DATA_STORES;
    [a, b, c, d, e, META]
}

/// Every store: the scope of a destructive change together with its snapshot.
fn everything() -> [&'static str; 8] {
    let [a, b, c, d, e] = DATA_STORES;
    [a, b, c, d, e, META, SNAPSHOTS, DOCS]
}

/// Queues writing a new [`META_DATA_TOKEN`] in `tx` (which covers `meta`) and returns it.
fn touch(tx: &Transaction<'_>) -> Result<String, StoreError> {
    thread_local! {
        static SEQ: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    }
    let seq = SEQ.with(|c| {
        c.set(c.get().wrapping_add(1));
        c.get()
    });
    let token = format!(
        "{:x}-{:08x}-{seq:x}",
        js_sys::Date::now() as u64,
        (js_sys::Math::random() * f64::from(u32::MAX)) as u32
    );
    put_with_key(&store(tx, META)?, &token, META_DATA_TOKEN)?;
    Ok(token)
}

/// The current [`META_DATA_TOKEN`] in `tx` (which covers `meta`); empty when none was ever written.
async fn read_token(tx: &Transaction<'_>) -> Result<String, StoreError> {
    let token: Option<String> = store(tx, META)?
        .get(META_DATA_TOKEN)
        .primitive()
        .map_err(read_err)?
        .await
        .map_err(read_err)?;
    Ok(token.unwrap_or_default())
}

/// Reads everything in `tx` (which covers the data stores and `meta`) as one value.
async fn read_all(tx: &Transaction<'_>) -> Result<Dataset, StoreError> {
    read_from(tx, None).await
}

/// [`read_all`], but only the activities dated `from` or later (`YYYY-MM-DD`) when `from` is given.
async fn read_from(tx: &Transaction<'_>, from: Option<String>) -> Result<Dataset, StoreError> {
    let branch: Option<Branch> = get_json(&store(tx, BRANCH)?, BRANCH_KEY).await?;
    let groups: Vec<PartyGroup> = get_all(&store(tx, GROUPS)?).await?;
    let members: Vec<Member> = get_all(&store(tx, MEMBERS)?).await?;
    let activities = {
        let s = store(tx, ACTIVITIES)?;
        let by_date = s.index(BY_DATE).map_err(read_err)?;
        match from {
            Some(from) => via_json(
                by_date
                    .get_all()
                    .with_query(from..)
                    .primitive()
                    .map_err(read_err)?
                    .await,
            )?,
            None => via_json(by_date.get_all().primitive().map_err(read_err)?.await)?,
        }
    };
    let study_items = {
        let s = store(tx, STUDY_ITEMS)?;
        let by_date = s.index(BY_DATE).map_err(read_err)?;
        via_json(by_date.get_all().primitive().map_err(read_err)?.await)?
    };
    let rules: Option<Vec<Rule>> = get_json(&store(tx, META)?, META_RULES).await?;
    Ok(Dataset {
        branch: branch.unwrap_or_default(),
        groups,
        members,
        activities,
        study_items,
        rules: rules.unwrap_or_default(),
    })
}

/// Inside a read-write transaction over [`everything`]: keeps what is stored now as the snapshot `plan`,
/// unless nothing is stored. Returns whether it did.
async fn snapshot_in(tx: &Transaction<'_>, plan: &SnapshotPlan) -> Result<bool, StoreError> {
    let data = read_all(tx).await?;
    if data == Dataset::default() {
        return Ok(false);
    }
    let snapshot = Snapshot {
        id: plan.id.clone(),
        taken_at: plan.taken_at.clone(),
        reason: plan.reason.clone(),
        data,
    };
    put_snapshot_in(tx, &snapshot, plan.keep).await?;
    Ok(true)
}

/// Inside a read-write transaction over `snapshots` and `meta`: queues storing `snapshot` and deleting the
/// oldest ones (smallest ids) so that at most `keep` remain (at least this one), and updates
/// [`META_SNAPSHOT_INDEX`] to match. A missing index stays missing (the list rebuilds it).
async fn put_snapshot_in(tx: &Transaction<'_>, snapshot: &Snapshot, keep: usize) -> Result<(), StoreError> {
    let snapshots = store(tx, SNAPSHOTS)?;
    let meta = store(tx, META)?;
    put(&snapshots, snapshot)?;
    let mut ids: Vec<String> = collect(snapshots.get_all_keys().primitive().map_err(write_err)?.await)?;
    if !ids.contains(&snapshot.id) {
        ids.push(snapshot.id.clone());
        sort(&mut ids);
    }
    let excess = ids.len().saturating_sub(keep.max(1));
    let dropped: Vec<&String> = ids.iter().filter(|id| **id != snapshot.id).take(excess).collect();
    for id in &dropped {
        delete_key(&snapshots, id)?;
    }
    if let Some(mut list) = read_snapshot_index(&meta).await? {
        list.retain(|s| s.id != snapshot.id && !dropped.contains(&&s.id));
        list.push(SnapshotSummary::of(snapshot));
        put_with_key(&meta, &list, META_SNAPSHOT_INDEX)?;
    }
    Ok(())
}

/// [`META_SNAPSHOT_INDEX`], if there is one.
async fn read_snapshot_index(meta: &ObjectStore<'_>) -> Result<Option<Vec<SnapshotSummary>>, StoreError> {
    get_json(meta, META_SNAPSHOT_INDEX).await
}

/// The stored snapshot ids, smallest (oldest) first: IndexedDB returns keys in key order.
async fn sorted_snapshot_ids(snapshots: &ObjectStore<'_>) -> Result<Vec<String>, StoreError> {
    collect(snapshots.get_all_keys().primitive().map_err(read_err)?.await)
}

/// Whether the index lists exactly the stored snapshot ids (`ids` sorted).
fn same_ids(list: &[SnapshotSummary], ids: &[String]) -> bool {
    let mut listed: Vec<&str> = list.iter().map(|s| s.id.as_str()).collect();
    sort(&mut listed);
    listed.len() == ids.len() && listed.iter().zip(ids).all(|(a, b)| *a == b.as_str())
}

/// Queues writing the rules to `meta`: empty (the defaults) deletes the key.
fn put_rules(meta: &ObjectStore<'_>, rules: &[Rule]) -> Result<(), StoreError> {
    if rules.is_empty() {
        delete_key(meta, META_RULES)
    } else {
        put_with_key(meta, &rules, META_RULES)
    }
}

fn store<'a>(tx: &'a Transaction<'_>, name: &str) -> Result<ObjectStore<'a>, StoreError> {
    tx.object_store(name).map_err(|e| StoreError::Open(e.to_string()))
}

/// Queues a put (keyPath stores). The request's outcome is checked by [`commit`]: a failed request aborts
/// the transaction.
fn put<T: Serialize>(store: &ObjectStore<'_>, value: &T) -> Result<(), StoreError> {
    store.put(value).serde().map(drop).map_err(write_err)
}

/// Queues a put under an explicit key (stores without a keyPath).
fn put_with_key<T: Serialize>(store: &ObjectStore<'_>, value: &T, key: &str) -> Result<(), StoreError> {
    store
        .put(value)
        .with_key(key.to_owned())
        .without_key_type()
        .serde()
        .map(drop)
        .map_err(write_err)
}

fn delete_key(store: &ObjectStore<'_>, key: &str) -> Result<(), StoreError> {
    store.delete(key).primitive().map(drop).map_err(write_err)
}

fn clear(store: &ObjectStore<'_>) -> Result<(), StoreError> {
    store.clear().map(drop).map_err(write_err)
}

async fn get_all<T: DeserializeOwned>(store: &ObjectStore<'_>) -> Result<Vec<T>, StoreError> {
    via_json(store.get_all().primitive().map_err(read_err)?.await)
}

/// Reads the records of a `get_all` answer through JSON: the browser's `JSON.stringify` of them all, then
/// `serde_json` in one go. For the activities (with their rolls, most of the data) this is faster than
/// serde-wasm-bindgen's property-by-property reading. The records hold only what JSON can say (strings,
/// numbers, booleans, arrays, plain objects; an absent property for `None`), so the result is the same.
fn via_json<T, I>(answer: Result<I, Error>) -> Result<Vec<T>, StoreError>
where
    T: DeserializeOwned,
    I: IntoIterator<Item = Result<wasm_bindgen::JsValue, Error>>,
{
    parse_json(&js_array(answer)?)
}

/// Queues counting the activities and the study items dated strictly before `history.from` in `tx` (which
/// covers both stores); the future says whether there are as many as `history` says. Not `..from`:
/// indexed_db_futures 0.6 turns a `RangeTo` into a closed upper bound (and `..=` into an open one), which
/// counted the activities on `from` too, so the summary never matched when an activity fell on its first day
/// (tests/store.rs, the summary starting in November).
fn counts_match(
    tx: &Transaction<'_>,
    history: &History,
) -> Result<impl std::future::Future<Output = Result<bool, StoreError>>, StoreError> {
    let count = |name| {
        store(tx, name)?
            .index(BY_DATE)
            .map_err(read_err)?
            .count()
            .with_query::<String, _>(KeyRange::UpperBound(history.from.to_string(), true))
            .primitive()
            .map_err(read_err)
    };
    let (activities, study_items) = (count(ACTIVITIES)?, count(STUDY_ITEMS)?);
    let expected = (history.activities_before, history.study_items_before);
    Ok(async move {
        let activities: u32 = activities.await.map_err(read_err)?;
        let study_items: u32 = study_items.await.map_err(read_err)?;
        Ok((activities, study_items) == expected)
    })
}

/// The records of a `get_all` answer as one JS array.
fn js_array<I>(answer: Result<I, Error>) -> Result<wasm_bindgen::JsValue, StoreError>
where
    I: IntoIterator<Item = Result<wasm_bindgen::JsValue, Error>>,
{
    let array = js_sys::Array::new();
    for record in answer.map_err(read_err)? {
        array.push(&record.map_err(read_err)?);
    }
    Ok(array.into())
}

/// A stored value through the browser's `JSON.stringify` and `serde_json` (see [`via_json`]).
fn parse_json<T: DeserializeOwned>(value: &wasm_bindgen::JsValue) -> Result<T, StoreError> {
    let text: String = js_sys::JSON::stringify(value)
        .map_err(|e| StoreError::Read(format!("{e:?}")))?
        .into();
    serde_json::from_str(&text).map_err(|e| StoreError::Read(e.to_string()))
}

/// Queues reading the `meta` values under `keys` (see [`meta_values_read`]).
fn meta_values(
    meta: &ObjectStore<'_>,
    keys: &[&str],
) -> Result<Vec<impl std::future::Future<Output = Result<Option<wasm_bindgen::JsValue>, Error>>>, StoreError> {
    keys.iter()
        .map(|k| meta.get(*k).primitive().map_err(read_err))
        .collect()
}

/// The values [`meta_values`] queued, as they are stored; `undefined` when absent or unreadable.
async fn meta_values_read(
    values: Vec<impl std::future::Future<Output = Result<Option<wasm_bindgen::JsValue>, Error>>>,
) -> Vec<wasm_bindgen::JsValue> {
    let mut read = Vec::with_capacity(values.len());
    for value in values {
        read.push(value.await.ok().flatten().unwrap_or(wasm_bindgen::JsValue::UNDEFINED));
    }
    read
}

/// One stored value read through JSON like [`via_json`]; absent (`undefined`) is `None`.
fn from_json<T: DeserializeOwned>(value: Option<wasm_bindgen::JsValue>) -> Result<Option<T>, StoreError> {
    match value.filter(|v| !v.is_undefined() && !v.is_null()) {
        Some(value) => parse_json(&value).map(Some),
        None => Ok(None),
    }
}

/// The value under `key` in `store`, read through JSON ([`from_json`]).
async fn get_json<T: DeserializeOwned>(store: &ObjectStore<'_>, key: &str) -> Result<Option<T>, StoreError> {
    from_json(store.get(key).primitive().map_err(read_err)?.await.map_err(read_err)?)
}

/// Collects a `get_all` answer, turning any request or deserialisation error into [`StoreError::Read`].
fn collect<T, I>(answer: Result<I, Error>) -> Result<Vec<T>, StoreError>
where
    I: IntoIterator<Item = Result<T, Error>>,
{
    answer
        .map_err(read_err)?
        .into_iter()
        .collect::<Result<Vec<T>, Error>>()
        .map_err(read_err)
}

/// Commits a read-write transaction and reports why it failed, if it did. The transaction's own `error`
/// (e.g. `QuotaExceededError`, raised when the browser writes at commit time) wins over the library's
/// generic "transaction aborted".
async fn commit(tx: Transaction<'_>) -> Result<(), StoreError> {
    let raw: web_sys::IdbTransaction = tx.as_sys().clone().unchecked_into();
    match tx.commit().await {
        Ok(()) => Ok(()),
        Err(e) => Err(failed_in(&raw, e)),
    }
}

/// Why a request of a read-write transaction failed: the transaction's own error when it was aborted (an
/// earlier put failed; a later request then only says "aborted"), else the request's.
fn failed_in(raw: &web_sys::IdbTransaction, e: Error) -> StoreError {
    match raw.error() {
        Some(cause) if cause.name() == "QuotaExceededError" => StoreError::QuotaExceeded,
        Some(cause) => StoreError::Write(format!("{}: {}", cause.name(), cause.message())),
        None => write_err(e),
    }
}

/// [`failed_in`] for a request awaited inside the read-write transaction `tx`.
fn request_failed(tx: &Transaction<'_>) -> impl Fn(Error) -> StoreError {
    let raw: web_sys::IdbTransaction = tx.as_sys().clone().unchecked_into();
    move |e| failed_in(&raw, e)
}

/// The DOMException name behind an error, if it is one.
fn dom_name(e: &Error) -> Option<String> {
    match e {
        Error::DomException(d) => Some(web_sys::DomException::from(d.clone()).name()),
        _ => None,
    }
}

fn write_err(e: Error) -> StoreError {
    match dom_name(&e).as_deref() {
        Some("QuotaExceededError") => StoreError::QuotaExceeded,
        _ => StoreError::Write(e.to_string()),
    }
}

fn read_err(e: Error) -> StoreError {
    StoreError::Read(e.to_string())
}
