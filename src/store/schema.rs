//! The database schema: object stores, indexes, and one migration step per version.
//!
//! Owns the layout of the IndexedDB database and its upgrades; nothing else in the crate creates stores or
//! indexes. [`VERSION`] is the current schema version. Opening a database at an older version runs
//! [`step`] once for every version after the old one, in order (`old + 1 ..= VERSION`), inside the single
//! `versionchange` transaction the browser gives us: either every step applies or none does. To change the
//! schema, bump [`VERSION`] and add one arm to [`step`]; never edit an earlier arm, since databases in the
//! field were created by it. Test every new step from the previous version with real data (see
//! `tests/store.rs`, `migration_step_can_add_an_index_to_an_existing_store`).
//!
//! Version 1:
//!
//! | store | key | indexes |
//! |---|---|---|
//! | `branch` | out-of-line, the single key `"branch"` | |
//! | `groups` | keyPath `id` | |
//! | `members` | keyPath `id` | `by_group` on `group` |
//! | `activities` | keyPath `id` | `by_date` on `date`, `by_kind` on `kind` |
//! | `study_items` | keyPath `id` | `by_date` on `date` |
//! | `meta` | out-of-line string keys (schema info, last backup time, …) | |
//! | `snapshots` | keyPath `id` (automatic backups) | |
//!
//! Version 2 (sync, see `domain::sync`): the store `docs` (keyPath `id`, the document `_id`; index `by_seq` on
//! `seq`) holds each replicated document's sync state beside its record, and the step marks the states as
//! stale in `meta` (`docs_stale`), so that the first sync makes them from the stored records
//! (`store::docs`, `Store::prepare`).
//!
//! Dates are stored as `"YYYY-MM-DD"` strings and kinds as snake_case strings (the domain's serde forms), so
//! index ranges on them are text ranges that sort the same way as the values. A record whose indexed field is
//! absent (a member without a group) is simply not in that index.
//!
//! What reads them: `by_group` finds a deleted group's members (`Store::delete_group`), `by_date` orders the
//! activities and study items `Store::load_all` returns and bounds the start slice. `by_kind` is read by
//! nothing: it stays because removing it takes a schema version and a migration of every stored database,
//! which the few bytes it adds to each activity write do not justify.
//!
//! ## Adding an index to an existing store (upstream issue #66)
//!
//! indexed_db_futures 0.6 (checked in 0.6.4, issue Alorel/rust-indexed-db#66 still open) hands the
//! `upgradeneeded` callback only a `VersionChangeEvent` and the `Database`, neither of which exposes the
//! running `versionchange` transaction; without it an existing store cannot be reached (starting another
//! transaction during an upgrade throws `InvalidStateError`), so no index can be added to it. The library's
//! own API therefore only lets a later version create *new* stores.
//!
//! Workaround used here: the open request is built first, its raw `IDBOpenDBRequest` kept, and the upgrade
//! callback (which the browser runs later, in another task) reads `request.transaction`, the `versionchange`
//! transaction. [`Upgrade::create_index`] uses it. This is tested in `tests/store.rs` by upgrading a real
//! version-1 database with data to a test-only version 2 that adds an index to `members`.
//!
//! Even so, plan indexes up front: a step runs synchronously (no awaits), so it can create stores and
//! indexes but cannot read and rewrite records; a data migration that rewrites records must be done with
//! raw `web_sys` requests on [`Upgrade::existing_store`] and their callbacks.

use super::StoreError;
use indexed_db_futures::database::Database;
use indexed_db_futures::error::{DomException, Error, OpenDbError};
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use indexed_db_futures::KeyPath;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The current schema version.
pub const VERSION: u32 = 2;

/// Object store names.
pub const BRANCH: &str = "branch";
pub const GROUPS: &str = "groups";
pub const MEMBERS: &str = "members";
pub const ACTIVITIES: &str = "activities";
pub const STUDY_ITEMS: &str = "study_items";
pub const META: &str = "meta";
pub const SNAPSHOTS: &str = "snapshots";
pub const DOCS: &str = "docs";

/// The stores that hold the branch's data (what a backup holds and `replace_all` replaces).
pub const DATA_STORES: [&str; 5] = [BRANCH, GROUPS, MEMBERS, ACTIVITIES, STUDY_ITEMS];

/// Index names.
pub const BY_GROUP: &str = "by_group";
pub const BY_DATE: &str = "by_date";
pub const BY_KIND: &str = "by_kind";
pub const BY_SEQ: &str = "by_seq";

/// The key of the single record in the `branch` store.
pub const BRANCH_KEY: &str = "branch";
/// The key in `meta` of the [`SchemaInfo`] written by every upgrade.
pub const SCHEMA_INFO_KEY: &str = "schema";
/// The key in `meta` that says the sync states may not match the stored records (`true`; absent otherwise).
pub const DOCS_STALE_KEY: &str = "docs_stale";

/// What the last upgrade recorded in `meta`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemaInfo {
    pub version: u32,
    /// The app version that ran the upgrade.
    pub app_version: String,
}

/// One migration step, from `version - 1` to `version`.
pub type Step = fn(version: u32, upgrade: &Upgrade<'_>) -> Result<(), Error>;

/// What a migration step can work with: the database being upgraded and its `versionchange` transaction.
pub struct Upgrade<'a> {
    db: &'a Database,
    tx: web_sys::IdbTransaction,
    old_version: u32,
}

impl Upgrade<'_> {
    /// The database, for creating and deleting stores.
    pub fn db(&self) -> &Database {
        self.db
    }

    /// The version the database had before this upgrade (0 for a new database).
    pub fn old_version(&self) -> u32 {
        self.old_version
    }

    /// A store that existed before this upgrade (or was created by an earlier step of it).
    pub fn existing_store(&self, store: &str) -> Result<web_sys::IdbObjectStore, Error> {
        self.tx.object_store(store).map_err(Error::from)
    }

    /// Adds a non-unique index on `key_path` to a store that already exists (see the module comment).
    pub fn create_index(&self, store: &str, index: &str, key_path: &str) -> Result<(), Error> {
        self.existing_store(store)?
            .create_index_with_str(index, key_path)
            .map(|_| ())
            .map_err(Error::from)
    }
}

/// The app's migration steps. Add one arm per new version; never change an existing arm.
pub fn step(version: u32, up: &Upgrade<'_>) -> Result<(), Error> {
    match version {
        1 => v1(up),
        2 => v2(up),
        other => Err(Error::from(JsValue::from_str(&format!(
            "no migration step for schema version {other}"
        )))),
    }
}

/// Version 1: every store and index the app uses (see the table in the module comment).
fn v1(up: &Upgrade<'_>) -> Result<(), Error> {
    let db = up.db();
    db.create_object_store(BRANCH).build()?;
    db.create_object_store(GROUPS)
        .with_key_path(KeyPath::from("id"))
        .build()?;
    let members = db
        .create_object_store(MEMBERS)
        .with_key_path(KeyPath::from("id"))
        .build()?;
    members.create_index(BY_GROUP, KeyPath::from("group")).build()?;
    let activities = db
        .create_object_store(ACTIVITIES)
        .with_key_path(KeyPath::from("id"))
        .build()?;
    activities.create_index(BY_DATE, KeyPath::from("date")).build()?;
    activities.create_index(BY_KIND, KeyPath::from("kind")).build()?;
    let study_items = db
        .create_object_store(STUDY_ITEMS)
        .with_key_path(KeyPath::from("id"))
        .build()?;
    study_items.create_index(BY_DATE, KeyPath::from("date")).build()?;
    db.create_object_store(META).build()?;
    db.create_object_store(SNAPSHOTS)
        .with_key_path(KeyPath::from("id"))
        .build()?;
    Ok(())
}

/// Version 2: the sync states (see the module comment).
fn v2(up: &Upgrade<'_>) -> Result<(), Error> {
    let docs = up
        .db()
        .create_object_store(DOCS)
        .with_key_path(KeyPath::from("id"))
        .build()?;
    docs.create_index(BY_SEQ, KeyPath::from("seq")).build()?;
    up.existing_store(META)?
        .put_with_key(&JsValue::TRUE, &JsValue::from_str(DOCS_STALE_KEY))?;
    Ok(())
}

/// Opens `name` at [`VERSION`], creating or upgrading it with the app's [`step`]s.
pub async fn open(name: &str) -> Result<Database, StoreError> {
    open_with(name, VERSION, step).await
}

/// Opens `name` at `version`, running `step(v)` for every `v` in `old + 1 ..= version` if it is older.
///
/// Exposed so tests can check a future migration step against a database written by the current one.
pub async fn open_with(name: &str, version: u32, step: Step) -> Result<Database, StoreError> {
    let request_slot: Rc<RefCell<Option<web_sys::IdbOpenDbRequest>>> = Rc::default();
    let slot = Rc::clone(&request_slot);
    let request = Database::open(name)
        .with_version(version)
        .with_on_upgrade_needed(move |event, db| {
            let old_version = event.old_version() as u32;
            let new_version = event.new_version().map_or(version, |v| v as u32);
            let tx = slot
                .borrow()
                .as_ref()
                .and_then(|req| req.transaction())
                .ok_or_else(|| Error::from(JsValue::from_str("upgrade transaction not available")))?;
            let up = Upgrade {
                db: &db,
                tx,
                old_version,
            };
            for v in old_version + 1..=new_version {
                step(v, &up)?;
            }
            // Record what ran the upgrade; a request in the versionchange transaction, which the open waits for.
            let info = SchemaInfo {
                version: new_version,
                app_version: env!("CARGO_PKG_VERSION").to_owned(),
            };
            let value = serde_wasm_bindgen::to_value(&info).map_err(|e| Error::from(JsValue::from(e)))?;
            up.existing_store(META)?
                .put_with_key(&value, &JsValue::from_str(SCHEMA_INFO_KEY))?;
            Ok(())
        })
        .build()
        .map_err(open_error)?;
    // The upgradeneeded event fires in a later task, after this line has run.
    *request_slot.borrow_mut() = Some(request.as_sys().clone());
    let db = request.await.map_err(open_error)?;
    close_on_version_change(&db);
    Ok(db)
}

/// Deletes the database `name` (after closing every connection to it; others close themselves, see
/// [`close_on_version_change`]).
pub async fn delete(name: &str) -> Result<(), StoreError> {
    Database::delete_by_name(name)
        .map_err(open_error)?
        .await
        .map_err(|e| open_error(OpenDbError::from(e)))
}

/// When another tab upgrades or deletes the database, this connection closes itself so it does not block
/// that tab; later calls on it fail with [`StoreError::Closed`] and the user reloads.
fn close_on_version_change(db: &Database) {
    let raw: web_sys::IdbDatabase = db.as_sys().clone().unchecked_into();
    let target = raw.clone();
    let on_change = Closure::<dyn FnMut(web_sys::Event)>::new(move |_event: web_sys::Event| target.close());
    raw.set_onversionchange(Some(on_change.as_ref().unchecked_ref()));
    // The listener must live as long as the connection; it is small and there is one per open.
    on_change.forget();
}

fn open_error(e: OpenDbError) -> StoreError {
    match e {
        OpenDbError::UnsupportedEnvironment | OpenDbError::NullFactory => StoreError::Unavailable,
        OpenDbError::VersionZero => StoreError::Open(e.to_string()),
        OpenDbError::Base(Error::DomException(d)) => {
            let name = web_sys::DomException::from(d.clone()).name();
            match name.as_str() {
                "VersionError" => StoreError::TooNew,
                "QuotaExceededError" => StoreError::QuotaExceeded,
                "SecurityError" | "InvalidStateError" => StoreError::Unavailable,
                _ => StoreError::Open(DomException::message(&d)),
            }
        }
        OpenDbError::Base(other) => StoreError::Open(other.to_string()),
    }
}
