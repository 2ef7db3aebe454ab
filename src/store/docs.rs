//! The sync states in IndexedDB: the store `docs` (one [`DocState`] per replicated document, see
//! `domain::sync::state`) kept in step with the records, and the [`Local`] side of the replicator.
//!
//! - Every single-record write of [`Store`] (a form's save, a deletion) also writes the record's new revision
//!   in the same transaction ([`track`]).
//! - A bulk write (an import, a restore, the demo data) marks the states stale (`meta.docs_stale`); the next
//!   sync first reconciles them with the records ([`Store::prepare`]), in one transaction. A merge and a push
//!   also check each record against its state's digest, so a stale state never overwrites or misreports a
//!   record (see `domain::sync::state`).
//! - Revisions pulled from a server are merged in one transaction per batch ([`Local::apply`]): records and
//!   states together, never one without the other.
//!
//! Sync settings, checkpoints and the list of documents set aside live in `meta` under the keys below.

use super::schema::{
    ACTIVITIES, BRANCH, BRANCH_KEY, BY_SEQ, DATA_STORES, DOCS, DOCS_STALE_KEY, GROUPS, MEMBERS, META, STUDY_ITEMS,
};
use super::{
    commit, delete_key, from_json, get_json, put, put_rules, put_with_key, read_all, read_err, store, touch, via_json,
    write_err, Store, StoreError, META_RULES,
};
use crate::domain::sync::doc::{DocId, Incoming, Record, Rejected};
use crate::domain::sync::pulled::collect;
use crate::domain::sync::replicate::Local;
use crate::domain::sync::rev::Rev;
use crate::domain::sync::state::{
    local_edit, merge_incoming, missing_revs, push_docs, reconcile, resolve, DocState, RecordWrite,
};
use crate::domain::sync::wire::{Checkpoint, RevsByDoc, SyncError};
use crate::domain::{Activity, Branch, Member, PartyGroup, StudyItem};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use indexed_db_futures::KeyRange;
use std::collections::BTreeMap;

/// The `meta` key of the last local sequence number given to a document change.
pub const META_DOC_SEQ: &str = "doc_seq";
/// The `meta` key of the documents from a server that were set aside (a list of [`Rejected`]).
pub const META_SYNC_REJECTED: &str = "sync_rejected";
/// The `meta` key prefix of the replication checkpoints (`sync_cp:<replication id>`).
pub const META_CHECKPOINT_PREFIX: &str = "sync_cp:";
/// The `meta` key of the sync settings (owned by the sync shell; deleted with the data by `clear_all`).
pub const META_SYNC_CONFIG: &str = "sync_config";
/// How many set-aside documents are remembered (the newest).
pub const REJECTED_KEPT: usize = 100;

/// The data stores, `meta` and `docs`: the scope of every write that tracks revisions.
pub(super) fn data_meta_docs() -> [&'static str; 7] {
    let [a, b, c, d, e] = DATA_STORES;
    [a, b, c, d, e, META, DOCS]
}

/// A record type that is one document.
pub(super) trait AsDoc: serde::Serialize {
    fn doc_id(&self) -> DocId;
}

impl AsDoc for PartyGroup {
    fn doc_id(&self) -> DocId {
        DocId::Group(self.id.clone())
    }
}

impl AsDoc for Member {
    fn doc_id(&self) -> DocId {
        DocId::Member(self.id.clone())
    }
}

impl AsDoc for Activity {
    fn doc_id(&self) -> DocId {
        DocId::Activity(self.id.clone())
    }
}

impl AsDoc for StudyItem {
    fn doc_id(&self) -> DocId {
        DocId::StudyItem(self.id.clone())
    }
}

impl AsDoc for Branch {
    fn doc_id(&self) -> DocId {
        DocId::Branch
    }
}

/// The canonical body of a record of the store `name` (as `domain::sync::doc::Record::canonical`).
pub(super) fn canonical<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// The document id of a record stored in `name` under `key`.
pub(super) fn doc_id_of(name: &str, key: &str) -> Option<DocId> {
    let text = match name {
        GROUPS => format!("group:{key}"),
        MEMBERS => format!("member:{key}"),
        ACTIVITIES => format!("activity:{key}"),
        STUDY_ITEMS => format!("study_item:{key}"),
        BRANCH => "branch".to_owned(),
        _ => return None,
    };
    DocId::parse(&text).ok()
}

/// Queues, in `tx` (which covers `meta` and `docs`), the new revisions of the documents in `edits` (each with
/// its new canonical body, `None` for a deletion), made from their current states, and the new sequence
/// number.
pub(super) async fn track(tx: &Transaction<'_>, edits: &[(DocId, Option<String>)]) -> Result<(), StoreError> {
    let docs = store(tx, DOCS)?;
    let meta = store(tx, META)?;
    let seq_req = meta.get(META_DOC_SEQ).primitive().map_err(write_err)?;
    let mut reqs = Vec::with_capacity(edits.len());
    for (id, _) in edits {
        reqs.push(docs.get(id.to_string()).primitive().map_err(write_err)?);
    }
    let failed = super::request_failed(tx);
    let mut seq = doc_seq(seq_req.await.map_err(&failed)?);
    for ((id, body), req) in edits.iter().zip(reqs) {
        let state: Option<DocState> = from_json(req.await.map_err(&failed)?)?;
        if let Some(next) = local_edit(state.as_ref(), id, body.as_deref(), seq + 1) {
            seq += 1;
            put(&docs, &next)?;
        }
    }
    put_with_key(&meta, &seq, META_DOC_SEQ)
}

/// A stored sequence number (a JS number), or 0.
fn doc_seq(value: Option<wasm_bindgen::JsValue>) -> u64 {
    value.and_then(|v| v.as_f64()).map_or(0, |n| n as u64)
}

/// Queues marking the sync states as stale in `tx` (which covers `meta`): after a bulk write.
pub(super) fn mark_stale(tx: &Transaction<'_>) -> Result<(), StoreError> {
    put_with_key(&store(tx, META)?, &true, DOCS_STALE_KEY)
}

/// The store and key that hold the record of `id`.
fn place(id: &DocId) -> (&'static str, String) {
    match id {
        DocId::Branch => (BRANCH, BRANCH_KEY.to_owned()),
        DocId::Rules => (META, META_RULES.to_owned()),
        DocId::Group(g) => (GROUPS, g.0.clone()),
        DocId::Member(m) => (MEMBERS, m.0.clone()),
        DocId::Activity(a) => (ACTIVITIES, a.0.clone()),
        DocId::StudyItem(s) => (STUDY_ITEMS, s.0.clone()),
    }
}

/// Queues reading the stored record of `id` in `tx`; [`record_from`] reads the answer.
fn request_record(
    tx: &Transaction<'_>,
    id: &DocId,
) -> Result<
    impl std::future::Future<Output = Result<Option<wasm_bindgen::JsValue>, indexed_db_futures::error::Error>>,
    StoreError,
> {
    let (name, key) = place(id);
    store(tx, name)?.get(key).primitive().map_err(read_err)
}

/// The record of `id` from a stored value (`None`: absent, or the rules back at their defaults).
fn record_from(id: &DocId, value: Option<wasm_bindgen::JsValue>) -> Result<Option<Record>, StoreError> {
    Ok(match id {
        DocId::Branch => from_json(value)?.map(Record::Branch),
        DocId::Rules => from_json::<Vec<crate::domain::rules::Rule>>(value)?
            .filter(|r| !r.is_empty())
            .map(Record::Rules),
        DocId::Group(_) => from_json(value)?.map(Record::Group),
        DocId::Member(_) => from_json(value)?.map(Record::Member),
        DocId::Activity(_) => from_json(value)?.map(Record::Activity),
        DocId::StudyItem(_) => from_json(value)?.map(Record::StudyItem),
    })
}

/// Reads the stored record of `id` in `tx`, as a record (`None`: absent).
async fn stored_record(tx: &Transaction<'_>, id: &DocId) -> Result<Option<Record>, StoreError> {
    record_from(id, request_record(tx, id)?.await.map_err(read_err)?)
}

/// Queues storing `record` in `tx` where it belongs.
fn put_record(tx: &Transaction<'_>, record: &Record) -> Result<(), StoreError> {
    match record {
        Record::Branch(b) => put_with_key(&store(tx, BRANCH)?, b, BRANCH_KEY),
        Record::Rules(r) => put_rules(&store(tx, META)?, r),
        Record::Group(g) => put(&store(tx, GROUPS)?, g),
        Record::Member(m) => put(&store(tx, MEMBERS)?, m),
        Record::Activity(a) => put(&store(tx, ACTIVITIES)?, a),
        Record::StudyItem(s) => put(&store(tx, STUDY_ITEMS)?, s),
    }
}

/// Queues deleting the record of `id` in `tx`.
fn delete_record(tx: &Transaction<'_>, id: &DocId) -> Result<(), StoreError> {
    let (name, key) = place(id);
    delete_key(&store(tx, name)?, &key)
}

/// Reads the sync state of `id` in `tx`.
async fn state_of(tx: &Transaction<'_>, id: &str) -> Result<Option<DocState>, StoreError> {
    get_json(&store(tx, DOCS)?, id).await
}

fn local(e: StoreError) -> SyncError {
    SyncError::Local(e.to_string())
}

/// One document with a conflict: the stored (winning) version and the others, for the person who resolves
/// it.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub id: DocId,
    /// The stored version (`None` when the winner is a deletion).
    pub stored: Option<Record>,
    /// The other open versions, each with its revision.
    pub others: Vec<(Rev, Record)>,
}

impl Store {
    /// Brings the sync states in line with the stored records, if a bulk write (or the upgrade to sync)
    /// marked them stale, or when `always`: one transaction reading every record and state.
    pub async fn reconcile_docs(&self, always: bool) -> Result<usize, StoreError> {
        let tx = self.begin(&data_meta_docs(), TransactionMode::Readwrite)?;
        let meta = store(&tx, META)?;
        let stale: Option<bool> = get_json(&meta, DOCS_STALE_KEY).await?;
        if !always && stale != Some(true) {
            drop(tx);
            return Ok(0);
        }
        let data = read_all(&tx).await?;
        let states: Vec<DocState> = via_json(store(&tx, DOCS)?.get_all().primitive().map_err(read_err)?.await)?;
        let seq = doc_seq(
            meta.get(META_DOC_SEQ)
                .primitive()
                .map_err(read_err)?
                .await
                .map_err(read_err)?,
        );
        let records: Vec<(DocId, String)> = Record::all_of(&data)
            .into_iter()
            .map(|r| (r.doc_id(), r.canonical()))
            .collect();
        let changed = reconcile(&states, &records, seq + 1);
        let docs = store(&tx, DOCS)?;
        let mut last = seq;
        for s in &changed {
            last = last.max(s.seq);
            put(&docs, s)?;
        }
        put_with_key(&meta, &last, META_DOC_SEQ)?;
        delete_key(&meta, DOCS_STALE_KEY)?;
        commit(tx).await?;
        Ok(changed.len())
    }

    /// Every sync state, in id order.
    pub async fn doc_states(&self) -> Result<Vec<DocState>, StoreError> {
        let tx = self.begin(&[DOCS], TransactionMode::Readonly)?;
        via_json(store(&tx, DOCS)?.get_all().primitive().map_err(read_err)?.await)
    }

    /// The documents with open conflicts, each with its versions.
    pub async fn conflicts(&self) -> Result<Vec<Conflict>, StoreError> {
        let tx = self.begin(&data_meta_docs(), TransactionMode::Readonly)?;
        let states: Vec<DocState> = via_json(store(&tx, DOCS)?.get_all().primitive().map_err(read_err)?.await)?;
        let mut out = Vec::new();
        for s in states.into_iter().filter(DocState::in_conflict) {
            let Ok(id) = DocId::parse(&s.id) else { continue };
            let stored = stored_record(&tx, &id).await?;
            let others = s
                .others
                .iter()
                .filter_map(|o| Record::from_body(&id, &o.body).ok().map(|r| (o.rev.clone(), r)))
                .collect();
            out.push(Conflict { id, stored, others });
        }
        Ok(out)
    }

    /// Resolves the conflict of `id`: `chosen` (`None`: delete the record) is stored as a new revision and the
    /// other versions are closed, in one transaction. Returns `false` (and changes nothing) when the document
    /// has no conflict any more.
    pub async fn resolve_conflict(&self, id: &DocId, chosen: Option<&Record>) -> Result<bool, StoreError> {
        let tx = self.begin(&data_meta_docs(), TransactionMode::Readwrite)?;
        let Some(state) = state_of(&tx, &id.to_string()).await? else {
            drop(tx);
            return Ok(false);
        };
        if !state.in_conflict() {
            drop(tx);
            return Ok(false);
        }
        let meta = store(&tx, META)?;
        let seq = doc_seq(
            meta.get(META_DOC_SEQ)
                .primitive()
                .map_err(read_err)?
                .await
                .map_err(read_err)?,
        ) + 1;
        let body = chosen.map(Record::canonical);
        let next = resolve(&state, body.as_deref(), seq);
        match chosen {
            Some(r) => put_record(&tx, r)?,
            None => delete_record(&tx, id)?,
        }
        put(&store(&tx, DOCS)?, &next)?;
        put_with_key(&meta, &seq, META_DOC_SEQ)?;
        let token = touch(&tx)?;
        self.commit_touched(tx, token).await?;
        Ok(true)
    }

    /// The documents from a server that were set aside, newest first.
    pub async fn rejected_docs(&self) -> Result<Vec<Rejected>, StoreError> {
        Ok(self.meta(META_SYNC_REJECTED).await?.unwrap_or_default())
    }

    /// Forgets the list of documents set aside (the user has read it).
    pub async fn clear_rejected_docs(&self) -> Result<(), StoreError> {
        self.set_meta::<Vec<Rejected>>(META_SYNC_REJECTED, &Vec::new()).await
    }

    /// How many documents have changes made here after the push checkpoint `rid` (待上传).
    pub async fn pending_docs(&self, rid: &str) -> Result<usize, StoreError> {
        let up_to = self
            .meta::<Checkpoint>(&format!("{META_CHECKPOINT_PREFIX}{rid}"))
            .await?
            .map_or(0, |c| c.source_last_seq.as_local());
        let states = self.doc_states().await?;
        Ok(crate::domain::sync::replicate::pending(&states, up_to))
    }
}

/// Queues forgetting the sync states, checkpoints, set-aside list and sync settings in `tx` (which covers
/// `meta` and `docs`).
pub(super) async fn forget_sync_in(tx: &Transaction<'_>) -> Result<(), StoreError> {
    super::clear(&store(tx, DOCS)?)?;
    let meta = store(tx, META)?;
    let keys: Vec<String> = super::collect(meta.get_all_keys().primitive().map_err(read_err)?.await)?;
    for k in keys.iter().filter(|k| k.starts_with(META_CHECKPOINT_PREFIX)) {
        delete_key(&meta, k)?;
    }
    delete_key(&meta, META_SYNC_REJECTED)?;
    delete_key(&meta, META_SYNC_CONFIG)?;
    put_with_key(&meta, &true, DOCS_STALE_KEY)
}

impl Local for Store {
    async fn prepare(&self) -> Result<(), SyncError> {
        self.reconcile_docs(false).await.map(drop).map_err(local)
    }

    async fn get_checkpoint(&self, rid: &str) -> Result<Option<Checkpoint>, SyncError> {
        self.meta(&format!("{META_CHECKPOINT_PREFIX}{rid}"))
            .await
            .map_err(local)
    }

    async fn put_checkpoint(&self, rid: &str, checkpoint: &Checkpoint) -> Result<(), SyncError> {
        self.set_meta(&format!("{META_CHECKPOINT_PREFIX}{rid}"), checkpoint)
            .await
            .map_err(local)
    }

    async fn changes_since(&self, seq: u64, limit: usize) -> Result<Vec<DocState>, SyncError> {
        let tx = self.begin(&[DOCS], TransactionMode::Readonly).map_err(local)?;
        let docs = store(&tx, DOCS).map_err(local)?;
        let by_seq = docs.index(BY_SEQ).map_err(|e| local(read_err(e)))?;
        let found = by_seq
            .get_all()
            .with_query::<f64, _>(KeyRange::LowerBound(seq as f64, true))
            .with_limit(u32::try_from(limit).unwrap_or(u32::MAX))
            .primitive()
            .map_err(|e| local(read_err(e)))?
            .await;
        via_json(found).map_err(local)
    }

    async fn missing(&self, revs: &RevsByDoc) -> Result<RevsByDoc, SyncError> {
        let tx = self.begin(&[DOCS], TransactionMode::Readonly).map_err(local)?;
        let docs = store(&tx, DOCS).map_err(local)?;
        let mut reqs = Vec::with_capacity(revs.len());
        for id in revs.keys() {
            reqs.push(docs.get(id.as_str()).primitive().map_err(|e| local(read_err(e)))?);
        }
        let mut out = RevsByDoc::new();
        for ((id, list), req) in revs.iter().zip(reqs) {
            let state: Option<DocState> = from_json(req.await.map_err(|e| local(read_err(e)))?).map_err(local)?;
            let missing = missing_revs(state.as_ref(), list);
            if !missing.is_empty() {
                out.insert(id.clone(), missing);
            }
        }
        Ok(out)
    }

    async fn docs_to_push(&self, revs: &RevsByDoc) -> Result<Vec<String>, SyncError> {
        let tx = self
            .begin(&data_meta_docs(), TransactionMode::Readonly)
            .map_err(local)?;
        let docs = store(&tx, DOCS).map_err(local)?;
        // Every read queued first, then answered in order (one round trip for the page).
        let mut reads = Vec::with_capacity(revs.len());
        for (id, list) in revs {
            let Ok(doc_id) = DocId::parse(id) else { continue };
            let state = docs.get(id.as_str()).primitive().map_err(|e| local(read_err(e)))?;
            let record = request_record(&tx, &doc_id).map_err(local)?;
            reads.push((doc_id, list, state, record));
        }
        let mut out = Vec::new();
        for (doc_id, list, state, record) in reads {
            let state: Option<DocState> = from_json(state.await.map_err(|e| local(read_err(e)))?).map_err(local)?;
            let stored = record_from(&doc_id, record.await.map_err(|e| local(read_err(e)))?)
                .map_err(local)?
                .map(|r| r.canonical());
            if let Some(state) = state {
                out.extend(push_docs(&doc_id, &state, stored.as_deref(), list));
            }
        }
        Ok(out)
    }

    async fn apply(&self, docs: Vec<Incoming>) -> Result<usize, SyncError> {
        if docs.is_empty() {
            return Ok(0);
        }
        let before = self.last_token();
        let mut by_doc: BTreeMap<DocId, Vec<Incoming>> = BTreeMap::new();
        for d in docs {
            by_doc.entry(d.id.clone()).or_default().push(d);
        }
        let tx = self
            .begin(&data_meta_docs(), TransactionMode::Readwrite)
            .map_err(local)?;
        let meta = store(&tx, META).map_err(local)?;
        let docs_store = store(&tx, DOCS).map_err(local)?;
        let mut seq = doc_seq(
            meta.get(META_DOC_SEQ)
                .primitive()
                .map_err(|e| local(read_err(e)))?
                .await
                .map_err(|e| local(read_err(e)))?,
        );
        // Every read queued first, then answered in order: one round trip for the batch, not two per document.
        let mut reads = Vec::with_capacity(by_doc.len());
        for id in by_doc.keys() {
            let state = docs_store
                .get(id.to_string())
                .primitive()
                .map_err(|e| local(read_err(e)))?;
            reads.push((state, request_record(&tx, id).map_err(local)?));
        }
        let mut changed = 0;
        let mut written = Some(Vec::new());
        for ((id, incoming), (state, record)) in by_doc.into_iter().zip(reads) {
            let state: Option<DocState> = from_json(state.await.map_err(|e| local(read_err(e)))?).map_err(local)?;
            let stored = record_from(&id, record.await.map_err(|e| local(read_err(e)))?)
                .map_err(local)?
                .map(|r| r.canonical());
            seq += 1;
            let merge = merge_incoming(&id, state.as_ref(), stored.as_deref(), incoming, seq);
            if let Some(next) = &merge.state {
                put(&docs_store, next).map_err(local)?;
            }
            match &merge.write {
                RecordWrite::Keep => {}
                RecordWrite::Put(record) => {
                    put_record(&tx, record).map_err(local)?;
                    collect(&mut written, id, || Some(record.clone()));
                    changed += 1;
                }
                RecordWrite::Delete => {
                    delete_record(&tx, &id).map_err(local)?;
                    collect(&mut written, id, || None);
                    changed += 1;
                }
            }
        }
        put_with_key(&meta, &seq, META_DOC_SEQ).map_err(local)?;
        if changed > 0 {
            let token = touch(&tx).map_err(local)?;
            self.commit_touched(tx, token).await.map_err(local)?;
            // Only what was committed: the page patches its data with it.
            self.note_pulled(written, before);
        } else {
            commit(tx).await.map_err(local)?;
        }
        Ok(changed)
    }

    async fn set_aside(&self, rejected: Vec<Rejected>) -> Result<(), SyncError> {
        let mut list = self.rejected_docs().await.map_err(local)?;
        list.retain(|old| !rejected.iter().any(|r| r.id == old.id));
        let mut all = rejected;
        all.extend(list);
        all.truncate(REJECTED_KEPT);
        self.set_meta(META_SYNC_REJECTED, &all).await.map_err(local)
    }
}
