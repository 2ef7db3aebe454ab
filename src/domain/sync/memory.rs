//! A replica held in memory: the [`Local`] interface over plain maps. The committee view pulls each branch's
//! database into one of these (never into the user's own IndexedDB), and the native tests use it as a
//! device.

use super::doc::{DocId, Incoming, Record, Rejected};
use super::pulled::{collect, Pulled, PulledChanges};
use super::replicate::Local;
use super::state::{local_edit, merge_incoming, missing_revs, push_docs, reconcile, DocState, RecordWrite};
use super::wire::{Checkpoint, RevsByDoc, SyncError};
use crate::domain::Dataset;
use std::cell::RefCell;
use std::collections::BTreeMap;

/// One database in memory: records (the winners) and their sync states.
#[derive(Debug, Default)]
pub struct MemoryDb {
    inner: RefCell<Inner>,
    pulled: RefCell<PulledChanges>,
}

#[derive(Debug, Default, Clone)]
struct Inner {
    records: BTreeMap<DocId, (Record, String)>,
    states: BTreeMap<String, DocState>,
    checkpoints: BTreeMap<String, Checkpoint>,
    rejected: Vec<Rejected>,
    seq: u64,
}

impl MemoryDb {
    pub fn new() -> MemoryDb {
        MemoryDb::default()
    }

    /// A database holding `data` (with its sync states, as after an import).
    pub fn with(data: &Dataset) -> MemoryDb {
        let db = MemoryDb::new();
        for r in Record::all_of(data) {
            db.edit(r);
        }
        db
    }

    /// A local edit: stores `record` and makes its revision.
    pub fn edit(&self, record: Record) {
        let mut inner = self.inner.borrow_mut();
        let id = record.doc_id();
        let body = record.canonical();
        inner.seq += 1;
        let seq = inner.seq;
        if let Some(s) = local_edit(inner.states.get(&id.to_string()), &id, Some(&body), seq) {
            inner.states.insert(s.id.clone(), s);
        }
        inner.records.insert(id, (record, body));
    }

    /// A local deletion.
    pub fn delete(&self, id: &DocId) {
        let mut inner = self.inner.borrow_mut();
        inner.seq += 1;
        let seq = inner.seq;
        if let Some(s) = local_edit(inner.states.get(&id.to_string()), id, None, seq) {
            inner.states.insert(s.id.clone(), s);
        }
        inner.records.remove(id);
    }

    /// Replaces a record without making a revision (as a restored backup does; [`Local::prepare`] finds it).
    pub fn overwrite(&self, record: Record) {
        let body = record.canonical();
        self.inner.borrow_mut().records.insert(record.doc_id(), (record, body));
    }

    /// What pulls changed here since the last call.
    pub fn take_pulled(&self) -> Pulled {
        self.pulled.borrow_mut().take()
    }

    /// The stored record of `id`.
    pub fn record(&self, id: &DocId) -> Option<Record> {
        self.inner.borrow().records.get(id).map(|(r, _)| r.clone())
    }

    /// The sync state of `id`.
    pub fn state(&self, id: &DocId) -> Option<DocState> {
        self.inner.borrow().states.get(&id.to_string()).cloned()
    }

    /// Every sync state.
    pub fn states(&self) -> Vec<DocState> {
        self.inner.borrow().states.values().cloned().collect()
    }

    /// The documents that were set aside.
    pub fn rejected(&self) -> Vec<Rejected> {
        self.inner.borrow().rejected.clone()
    }

    /// Resolves the conflict of `id` with `chosen` (`None`: delete the document).
    pub fn resolve(&self, id: &DocId, chosen: Option<Record>) {
        let mut inner = self.inner.borrow_mut();
        let Some(state) = inner.states.get(&id.to_string()).cloned() else {
            return;
        };
        inner.seq += 1;
        let body = chosen.as_ref().map(Record::canonical);
        let next = super::state::resolve(&state, body.as_deref(), inner.seq);
        inner.states.insert(next.id.clone(), next);
        match (chosen, body) {
            (Some(r), Some(b)) => {
                inner.records.insert(id.clone(), (r, b));
            }
            _ => {
                inner.records.remove(id);
            }
        }
    }

    /// The stored records as one dataset (lists in id order, as the store reads them).
    pub fn dataset(&self) -> Dataset {
        let mut data = Dataset::default();
        for (record, _) in self.inner.borrow().records.values() {
            match record.clone() {
                Record::Branch(b) => data.branch = b,
                Record::Rules(r) => data.rules = r,
                Record::Group(g) => data.groups.push(g),
                Record::Member(m) => data.members.push(m),
                Record::Activity(a) => data.activities.push(a),
                Record::StudyItem(s) => data.study_items.push(s),
            }
        }
        data
    }
}

impl Local for MemoryDb {
    async fn prepare(&self) -> Result<(), SyncError> {
        let mut inner = self.inner.borrow_mut();
        let states: Vec<DocState> = inner.states.values().cloned().collect();
        let records: Vec<(DocId, String)> = inner
            .records
            .iter()
            .map(|(id, (_, b))| (id.clone(), b.clone()))
            .collect();
        let changed = reconcile(&states, &records, inner.seq + 1);
        for s in changed {
            inner.seq = inner.seq.max(s.seq);
            inner.states.insert(s.id.clone(), s);
        }
        Ok(())
    }

    async fn get_checkpoint(&self, rid: &str) -> Result<Option<Checkpoint>, SyncError> {
        Ok(self.inner.borrow().checkpoints.get(rid).cloned())
    }

    async fn put_checkpoint(&self, rid: &str, checkpoint: &Checkpoint) -> Result<(), SyncError> {
        self.inner
            .borrow_mut()
            .checkpoints
            .insert(rid.to_owned(), checkpoint.clone());
        Ok(())
    }

    async fn changes_since(&self, seq: u64, limit: usize) -> Result<Vec<DocState>, SyncError> {
        let inner = self.inner.borrow();
        let mut out: Vec<DocState> = inner.states.values().filter(|s| s.seq > seq).cloned().collect();
        crate::domain::sort::sort_by_key(&mut out, |s| s.seq);
        out.truncate(limit);
        Ok(out)
    }

    async fn missing(&self, revs: &RevsByDoc) -> Result<RevsByDoc, SyncError> {
        let inner = self.inner.borrow();
        Ok(revs
            .iter()
            .map(|(id, list)| (id.clone(), missing_revs(inner.states.get(id), list)))
            .filter(|(_, l)| !l.is_empty())
            .collect())
    }

    async fn docs_to_push(&self, revs: &RevsByDoc) -> Result<Vec<String>, SyncError> {
        let inner = self.inner.borrow();
        let mut out = Vec::new();
        for (id, list) in revs {
            let (Ok(doc_id), Some(state)) = (DocId::parse(id), inner.states.get(id)) else {
                continue;
            };
            let stored = inner.records.get(&doc_id).map(|(_, b)| b.as_str());
            out.extend(push_docs(&doc_id, state, stored, list));
        }
        Ok(out)
    }

    async fn apply(&self, docs: Vec<Incoming>) -> Result<usize, SyncError> {
        let mut inner = self.inner.borrow_mut();
        let mut by_doc: BTreeMap<DocId, Vec<Incoming>> = BTreeMap::new();
        for d in docs {
            by_doc.entry(d.id.clone()).or_default().push(d);
        }
        let mut changed = 0;
        let mut written = Some(Vec::new());
        for (id, incoming) in by_doc {
            let key = id.to_string();
            inner.seq += 1;
            let stored = inner.records.get(&id).map(|(_, b)| b.clone());
            let merge = merge_incoming(&id, inner.states.get(&key), stored.as_deref(), incoming, inner.seq);
            if let Some(state) = merge.state {
                inner.states.insert(key, state);
            }
            match merge.write {
                RecordWrite::Keep => {}
                RecordWrite::Put(record) => {
                    let body = record.canonical();
                    collect(&mut written, id.clone(), || Some(record.clone()));
                    inner.records.insert(id, (record, body));
                    changed += 1;
                }
                RecordWrite::Delete => {
                    collect(&mut written, id.clone(), || None);
                    inner.records.remove(&id);
                    changed += 1;
                }
            }
        }
        self.pulled.borrow_mut().note_batch(written);
        Ok(changed)
    }

    async fn set_aside(&self, rejected: Vec<Rejected>) -> Result<(), SyncError> {
        self.inner.borrow_mut().rejected.extend(rejected);
        Ok(())
    }
}
