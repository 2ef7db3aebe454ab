//! A CouchDB database in memory ([`FakeCouch`], the [`Remote`] side) and a tiny executor, for the native
//! replication tests (`mod sync_support;` in tests/sync_*.rs). The fake keeps revision trees with the same
//! rules as CouchDB (`domain::sync::rev`), its own update sequence, `_local` checkpoints, and can be told to
//! fail at the n-th request (a dropped connection) or to refuse writes (a read-only account).
#![allow(dead_code)]

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use zhibu::domain::sync::doc::{read_doc, Read};
use zhibu::domain::sync::replicate::Remote;
use zhibu::domain::sync::rev::{Leaf, Rev, RevTree, Revisions};
use zhibu::domain::sync::wire::{Change, ChangeRev, Changes, Checkpoint, RevsByDoc, Seq, SyncError};

/// Runs a future whose every await is ready at once (the fakes never wait).
pub fn run<F: Future>(f: F) -> F::Output {
    let mut f = pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..1_000_000 {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
    panic!("the future never finished");
}

#[derive(Default)]
struct ServerDoc {
    tree: RevTree,
    /// The JSON text of each revision as it was written (without `_revisions`).
    bodies: HashMap<Rev, String>,
    seq: u64,
}

/// One CouchDB database in memory.
#[derive(Default)]
pub struct FakeCouch {
    docs: RefCell<BTreeMap<String, ServerDoc>>,
    local: RefCell<BTreeMap<String, Checkpoint>>,
    update_seq: Cell<u64>,
    /// Requests answered so far.
    pub requests: Cell<usize>,
    /// The request (counted from 1) at which the connection drops, once.
    pub fail_at: Cell<Option<usize>>,
    /// Writes of documents are refused (403 per document, as a `validate_doc_update` does).
    pub read_only: Cell<bool>,
    /// Revisions written by `_bulk_docs`, counting repeats.
    pub written: Cell<usize>,
}

impl FakeCouch {
    pub fn new() -> FakeCouch {
        FakeCouch::default()
    }

    fn request(&self) -> Result<(), SyncError> {
        let n = self.requests.get() + 1;
        self.requests.set(n);
        if self.fail_at.get() == Some(n) {
            self.fail_at.set(None);
            return Err(SyncError::Offline("测试中断开连接".into()));
        }
        Ok(())
    }

    /// Stores one revision (its JSON text, `_revisions` included), as `new_edits: false` does.
    fn store(&self, json: &str) -> Result<(), String> {
        let v: serde_json::Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
        let id = v["_id"].as_str().ok_or("no _id")?.to_owned();
        let rev = Rev::parse(v["_rev"].as_str().ok_or("no _rev")?).map_err(|e| e.to_string())?;
        let revisions: Revisions = serde_json::from_value(v["_revisions"].clone()).unwrap_or(Revisions {
            start: rev.pos,
            ids: vec![rev.hash.clone()],
        });
        let deleted = v["_deleted"].as_bool().unwrap_or(false);
        let leaf = revisions.into_leaf(deleted).map_err(|e| e.to_string())?;
        let mut body = v;
        if let Some(map) = body.as_object_mut() {
            map.remove("_revisions");
        }
        let seq = self.update_seq.get() + 1;
        self.update_seq.set(seq);
        let mut docs = self.docs.borrow_mut();
        let doc = docs.entry(id).or_default();
        doc.tree.merge(leaf);
        doc.bodies.insert(rev, body.to_string());
        doc.seq = seq;
        Ok(())
    }

    /// Writes a document straight into the database, as `curl -X PUT` would (a new revision after the
    /// current winner, or a first one); `body` is any JSON object text, hostile or not.
    pub fn put_raw(&self, id: &str, body: &str) {
        let parent = self.docs.borrow().get(id).and_then(|d| d.tree.winner().map(Leaf::rev));
        let (start, mut ids) = match &parent {
            Some(p) => {
                let leaf = self.docs.borrow().get(id).unwrap().tree.leaf(p).unwrap().clone();
                (p.pos + 1, leaf.path)
            }
            None => (1, Vec::new()),
        };
        let hash = format!("{:032x}", self.update_seq.get() + 0xabc);
        ids.insert(0, hash.clone());
        let mut v: serde_json::Value = serde_json::from_str(body).unwrap_or(serde_json::json!({ "raw": body }));
        if let Some(map) = v.as_object_mut() {
            map.insert("_id".into(), id.into());
            map.insert("_rev".into(), format!("{start}-{hash}").into());
            map.insert("_revisions".into(), serde_json::json!({ "start": start, "ids": ids }));
        }
        self.store(&v.to_string()).unwrap();
    }

    /// The winner's JSON text of `id`.
    pub fn winner(&self, id: &str) -> Option<String> {
        let docs = self.docs.borrow();
        let doc = docs.get(id)?;
        let w = doc.tree.winner()?;
        if w.deleted {
            return None;
        }
        doc.bodies.get(&w.rev()).cloned()
    }

    /// The leaves of `id`.
    pub fn leaves(&self, id: &str) -> Vec<Leaf> {
        self.docs
            .borrow()
            .get(id)
            .map(|d| d.tree.leaves.clone())
            .unwrap_or_default()
    }

    /// The ids of every document whose winner is not a deletion.
    pub fn live_ids(&self) -> Vec<String> {
        self.docs
            .borrow()
            .iter()
            .filter(|(_, d)| d.tree.winner().is_some_and(|w| !w.deleted))
            .map(|(id, _)| id.clone())
            .collect()
    }
}

impl Remote for FakeCouch {
    async fn get_checkpoint(&self, rid: &str) -> Result<Option<Checkpoint>, SyncError> {
        self.request()?;
        Ok(self.local.borrow().get(rid).cloned())
    }

    async fn put_checkpoint(&self, rid: &str, checkpoint: &Checkpoint) -> Result<(), SyncError> {
        self.request()?;
        self.local.borrow_mut().insert(rid.to_owned(), checkpoint.clone());
        Ok(())
    }

    async fn changes(&self, since: &Seq, limit: usize) -> Result<Changes, SyncError> {
        self.request()?;
        let since = since.as_local();
        let docs = self.docs.borrow();
        let mut rows: Vec<(u64, &String, &ServerDoc)> = docs
            .iter()
            .filter(|(_, d)| d.seq > since)
            .map(|(id, d)| (d.seq, id, d))
            .collect();
        zhibu::domain::sort::sort_by_key(&mut rows, |r| r.0);
        rows.truncate(limit);
        let last = rows.last().map_or(self.update_seq.get().max(since), |r| r.0);
        Ok(Changes {
            results: rows
                .into_iter()
                .map(|(seq, id, d)| Change {
                    id: id.clone(),
                    changes: d
                        .tree
                        .leaf_revs()
                        .iter()
                        .map(|r| ChangeRev { rev: r.to_string() })
                        .collect(),
                    seq: Seq(seq.into()),
                })
                .collect(),
            last_seq: Seq(last.into()),
        })
    }

    async fn revs_diff(&self, revs: &RevsByDoc) -> Result<RevsByDoc, SyncError> {
        self.request()?;
        let docs = self.docs.borrow();
        Ok(revs
            .iter()
            .map(|(id, list)| {
                let missing = list
                    .iter()
                    .filter(|r| docs.get(id).is_none_or(|d| !d.tree.contains(r)))
                    .cloned()
                    .collect::<Vec<_>>();
                (id.clone(), missing)
            })
            .filter(|(_, l)| !l.is_empty())
            .collect())
    }

    async fn bulk_get(&self, wanted: &RevsByDoc) -> Result<Vec<Read>, SyncError> {
        self.request()?;
        let docs = self.docs.borrow();
        let mut out = Vec::new();
        for (id, revs) in wanted {
            for rev in revs {
                let Some(doc) = docs.get(id) else { continue };
                let (Some(leaf), Some(body)) = (doc.tree.leaf(rev), doc.bodies.get(rev)) else {
                    continue;
                };
                let mut v: serde_json::Value = serde_json::from_str(body).unwrap();
                v["_revisions"] = serde_json::to_value(leaf.revisions()).unwrap();
                out.push(read_doc(&v.to_string()));
            }
        }
        Ok(out)
    }

    async fn bulk_docs(&self, docs: Vec<String>) -> Result<Vec<(String, String, String)>, SyncError> {
        self.request()?;
        let mut refused = Vec::new();
        for d in docs {
            if self.read_only.get() {
                let id = serde_json::from_str::<serde_json::Value>(&d).unwrap()["_id"].to_string();
                refused.push((id, "forbidden".into(), "只读账户".into()));
                continue;
            }
            self.written.set(self.written.get() + 1);
            self.store(&d).map_err(SyncError::Protocol)?;
        }
        Ok(refused)
    }
}
