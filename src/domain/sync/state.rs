//! What this device remembers of each replicated document beside the record itself ([`DocState`]), and the
//! decisions that change it: a local edit, revisions that came from a server, resolving a conflict.
//!
//! The record stores hold each document's *winning* version as a plain record (what every page reads). Its
//! [`DocState`] holds the revision tree, the digest of the stored record's canonical body (so that a change of
//! the record made without going through here, e.g. a restored backup, is found by [`reconcile`]), the bodies
//! of the other open leaves (the conflicting versions, never lost), and the local sequence number of its last
//! change, which orders what a push sends.

use super::doc::{digest, DocId, Incoming, Record};
use super::rev::{rev_hash, Leaf, Merged, Rev, RevTree};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A version of a document other than the stored winner: a conflicting leaf with its canonical body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtherBody {
    pub rev: Rev,
    pub body: String,
}

/// The sync state of one document (one entry of the store `docs`, keyed by [`DocState::id`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocState {
    /// The document `_id` (see [`DocId`]).
    pub id: String,
    pub tree: RevTree,
    /// This device's sequence number of the document's last change (a local edit, or revisions merged from
    /// a server): what a push walks through.
    pub seq: u64,
    /// The sequence number of the last change made on this device (0: none): the document has changes the
    /// server may lack while this is above the push checkpoint.
    #[serde(default)]
    pub edited: u64,
    /// The digest of the winner's canonical body as the record stores hold it; empty when the winner is a
    /// deletion.
    #[serde(default)]
    pub digest: String,
    /// The bodies of the open leaves other than the winner (conflicts), never of deletions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub others: Vec<OtherBody>,
}

impl DocState {
    pub fn winner(&self) -> Option<Rev> {
        self.tree.winner().map(Leaf::rev)
    }

    /// Whether the document is deleted (its winner is a deletion).
    pub fn is_deleted(&self) -> bool {
        self.tree.winner().is_none_or(|l| l.deleted)
    }

    /// Whether another device's version is waiting to be compared with the stored one.
    pub fn in_conflict(&self) -> bool {
        !self.tree.conflicts().is_empty()
    }
}

/// A local change of one document: its new canonical body (`None`: deleted). Returns the new state, or `None`
/// when nothing changed (the body is the one already stored, or a document never stored is deleted).
pub fn local_edit(state: Option<&DocState>, id: &DocId, body: Option<&str>, seq: u64) -> Option<DocState> {
    let new_digest = body.map(digest).unwrap_or_default();
    if let Some(s) = state {
        if s.is_deleted() && body.is_none() || !s.is_deleted() && s.digest == new_digest && body.is_some() {
            return None;
        }
    } else if body.is_none() {
        return None;
    }
    let mut tree = state.map(|s| s.tree.clone()).unwrap_or_default();
    let parent = tree.winner().map(Leaf::rev);
    let hash = rev_hash(parent.as_ref(), body.is_none(), &new_digest);
    tree.edit(hash, body.is_none());
    Some(DocState {
        id: id.to_string(),
        tree,
        seq,
        edited: seq,
        digest: new_digest,
        others: state.map(|s| s.others.clone()).unwrap_or_default(),
    })
}

/// What the record stores must do after a merge.
// Short-lived, one per merged document: not worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum RecordWrite {
    /// The winner did not change: leave the record as it is.
    Keep,
    /// A new winner: store this record.
    Put(Record),
    /// The new winner is a deletion: remove the record.
    Delete,
}

/// The outcome of merging revisions from a server into one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Merge {
    /// The new state; `None` when every revision was already known (nothing to write).
    pub state: Option<DocState>,
    pub write: RecordWrite,
}

/// Merges revisions of one document that came from a server. `state` is what this device had (if anything)
/// and `stored` the canonical body of its stored record (the winner's; `None` when deleted or absent).
/// Every version stays available: the winner in the record stores, the other open leaves in
/// [`DocState::others`].
pub fn merge_incoming(
    id: &DocId,
    state: Option<&DocState>,
    stored: Option<&str>,
    incoming: Vec<Incoming>,
    seq: u64,
) -> Merge {
    // A stored record that differs from its state (changed by a bulk write not yet reconciled) is first
    // made a local revision of its own, so that the merge can never overwrite it unseen.
    let reconciled = if stored.map(digest).unwrap_or_default() != state.map(|s| s.digest.clone()).unwrap_or_default()
        || stored.is_none() && state.is_some_and(|s| !s.is_deleted())
    {
        local_edit(state, id, stored, seq)
    } else {
        None
    };
    let state = reconciled.as_ref().or(state);
    let mut tree = state.map(|s| s.tree.clone()).unwrap_or_default();
    let old_winner = tree.winner().map(Leaf::rev);
    // Every body we know, by revision: the stored winner's and the other leaves'.
    let mut bodies: HashMap<Rev, (Option<Record>, String)> = HashMap::new();
    if let (Some(w), Some(b)) = (&old_winner, stored) {
        bodies.insert(w.clone(), (None, b.to_owned()));
    }
    for o in state.map(|s| s.others.as_slice()).unwrap_or_default() {
        bodies.insert(o.rev.clone(), (None, o.body.clone()));
    }
    let mut changed = false;
    for inc in incoming {
        let rev = inc.leaf.rev();
        if tree.merge(inc.leaf) == Merged::Known {
            continue;
        }
        changed = true;
        if let Some((record, body)) = inc.body {
            bodies.insert(rev, (Some(record), body));
        }
    }
    if !changed {
        return Merge {
            state: None,
            write: RecordWrite::Keep,
        };
    }
    let Some(winner) = tree.winner().map(|l| (l.rev(), l.deleted)) else {
        return Merge {
            state: None,
            write: RecordWrite::Keep,
        };
    };
    let (write, new_digest) = if Some(&winner.0) == old_winner.as_ref() {
        (RecordWrite::Keep, state.map(|s| s.digest.clone()).unwrap_or_default())
    } else if winner.1 {
        (RecordWrite::Delete, String::new())
    } else {
        match bodies.get(&winner.0) {
            Some((record, body)) => {
                let record = record.clone().or_else(|| Record::from_body(id, body).ok());
                match record {
                    Some(r) => (RecordWrite::Put(r), digest(body)),
                    None => (RecordWrite::Keep, state.map(|s| s.digest.clone()).unwrap_or_default()),
                }
            }
            // A winner without a body cannot be stored: keep what is stored (never lose it).
            None => (RecordWrite::Keep, state.map(|s| s.digest.clone()).unwrap_or_default()),
        }
    };
    let others = tree
        .conflicts()
        .into_iter()
        .filter_map(|l| {
            let rev = l.rev();
            bodies.get(&rev).map(|(_, body)| OtherBody {
                rev,
                body: body.clone(),
            })
        })
        .collect();
    Merge {
        state: Some(DocState {
            id: id.to_string(),
            tree,
            seq,
            edited: state.map_or(0, |s| s.edited),
            digest: new_digest,
            others,
        }),
        write,
    }
}

/// Resolves a conflict: `chosen` (a canonical body, `None` to delete the document) becomes a new revision
/// after the winner, and every other open leaf is closed with a deletion, so that after the next sync every
/// device holds `chosen` and no conflict.
pub fn resolve(state: &DocState, chosen: Option<&str>, seq: u64) -> DocState {
    let mut tree = state.tree.clone();
    let new_digest = chosen.map(digest).unwrap_or_default();
    let winner = tree.winner().map(Leaf::rev);
    for leaf in tree.conflicts().into_iter().map(Leaf::rev).collect::<Vec<_>>() {
        let hash = rev_hash(Some(&leaf), true, "");
        tree.extend(Some(leaf), hash, true);
    }
    let same = chosen.is_some() && new_digest == state.digest && !state.is_deleted();
    if !same {
        let hash = rev_hash(winner.as_ref(), chosen.is_none(), &new_digest);
        tree.extend(winner, hash, chosen.is_none());
    }
    DocState {
        id: state.id.clone(),
        tree,
        seq,
        edited: seq,
        digest: new_digest,
        others: Vec::new(),
    }
}

/// Of `revs` (listed by a server for one document), those this device does not have.
pub fn missing_revs(state: Option<&DocState>, revs: &[Rev]) -> Vec<Rev> {
    revs.iter()
        .filter(|r| state.is_none_or(|s| !s.tree.contains(r)))
        .cloned()
        .collect()
}

/// The documents for `_bulk_docs` of the revisions `revs` of one document: each a leaf of its tree, with the
/// stored record's canonical body for the winner (`stored`), the kept body for another open leaf, none for a
/// deletion. Revisions that are no longer leaves, or whose body is unknown, are left out.
pub fn push_docs(id: &DocId, state: &DocState, stored: Option<&str>, revs: &[Rev]) -> Vec<String> {
    let winner = state.winner();
    revs.iter()
        .filter_map(|rev| {
            let leaf = state.tree.leaf(rev)?;
            if leaf.deleted {
                return Some(super::doc::write_doc(id, leaf, None));
            }
            let body = if Some(rev) == winner.as_ref() {
                // A record changed since its state was made (a bulk write not yet reconciled) is not the
                // winner's body any more: it goes after the next reconcile, as its own revision.
                stored.filter(|b| digest(b) == state.digest)?
            } else {
                state.others.iter().find(|o| &o.rev == rev)?.body.as_str()
            };
            Some(super::doc::write_doc(id, leaf, Some(body)))
        })
        .collect()
}

/// Brings the sync states in line with the records as stored (after a write that did not go through
/// [`local_edit`]: an import, a restore, the demo data, or records stored before sync existed): a new revision
/// for every record whose canonical body differs from its state's digest (or has no state), a deletion for
/// every state whose record is gone. `records` are the stored records' ids with canonical bodies. Returns the
/// changed states, numbered from `next_seq` on.
pub fn reconcile(states: &[DocState], records: &[(DocId, String)], next_seq: u64) -> Vec<DocState> {
    let by_id: HashMap<&str, &DocState> = states.iter().map(|s| (s.id.as_str(), s)).collect();
    let mut seq = next_seq;
    let mut out = Vec::new();
    let mut present = std::collections::HashSet::new();
    for (id, body) in records {
        let key = id.to_string();
        if let Some(s) = local_edit(by_id.get(key.as_str()).copied(), id, Some(body), seq) {
            out.push(s);
            seq += 1;
        }
        present.insert(key);
    }
    for s in states {
        if present.contains(&s.id) || s.is_deleted() {
            continue;
        }
        if let Ok(id) = DocId::parse(&s.id) {
            if let Some(gone) = local_edit(Some(s), &id, None, seq) {
                out.push(gone);
                seq += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Branch, Dataset};

    fn branch(name: &str) -> Record {
        Record::Branch(Branch {
            name: name.into(),
            ..Branch::default()
        })
    }

    fn incoming(record: &Record, leaf: Leaf) -> Incoming {
        Incoming {
            id: record.doc_id(),
            leaf,
            body: Some((record.clone(), record.canonical())),
        }
    }

    #[test]
    fn local_edits_make_revisions_only_for_changes() {
        let rec = branch("一支部");
        let body = rec.canonical();
        let s1 = local_edit(None, &DocId::Branch, Some(&body), 1).unwrap();
        assert_eq!(s1.winner().unwrap().pos, 1);
        assert!(local_edit(Some(&s1), &DocId::Branch, Some(&body), 2).is_none());
        let s2 = local_edit(Some(&s1), &DocId::Branch, Some(&branch("二支部").canonical()), 2).unwrap();
        assert_eq!(s2.winner().unwrap().pos, 2);
        let s3 = local_edit(Some(&s2), &DocId::Branch, None, 3).unwrap();
        assert!(s3.is_deleted());
        assert!(local_edit(Some(&s3), &DocId::Branch, None, 4).is_none());
        // The same edit on two devices is the same revision.
        let other = local_edit(None, &DocId::Branch, Some(&body), 9).unwrap();
        assert_eq!(other.tree, s1.tree);
    }

    #[test]
    fn a_conflict_keeps_both_versions_and_the_winner_is_stored() {
        let base = branch("一支部");
        let s1 = local_edit(None, &DocId::Branch, Some(&base.canonical()), 1).unwrap();
        let mine = branch("我改的");
        let s2 = local_edit(Some(&s1), &DocId::Branch, Some(&mine.canonical()), 2).unwrap();
        let theirs = branch("他改的");
        let their_leaf = Leaf {
            pos: 2,
            path: vec!["ffffffffffffffffffffffffffffffff".into(), s1.winner().unwrap().hash],
            deleted: false,
        };
        let m = merge_incoming(
            &DocId::Branch,
            Some(&s2),
            Some(&mine.canonical()),
            vec![incoming(&theirs, their_leaf)],
            3,
        );
        let state = m.state.unwrap();
        assert!(state.in_conflict());
        // "ffff…" is the greater hash: theirs wins and is stored; mine is kept as the other version.
        assert_eq!(m.write, RecordWrite::Put(theirs.clone()));
        assert_eq!(state.others.len(), 1);
        assert_eq!(state.others[0].body, mine.canonical());
        assert_eq!(state.digest, digest(&theirs.canonical()));
        // Resolving with mine: one version, stored, no conflict.
        let r = resolve(&state, Some(&mine.canonical()), 4);
        assert!(!r.in_conflict());
        assert_eq!(r.tree.leaves.iter().filter(|l| !l.deleted).count(), 1);
        assert_eq!(r.digest, digest(&mine.canonical()));
    }

    #[test]
    fn known_revisions_change_nothing() {
        let rec = branch("一支部");
        let s1 = local_edit(None, &DocId::Branch, Some(&rec.canonical()), 1).unwrap();
        let leaf = s1.tree.leaves[0].clone();
        let m = merge_incoming(
            &DocId::Branch,
            Some(&s1),
            Some(&rec.canonical()),
            vec![incoming(&rec, leaf)],
            2,
        );
        assert_eq!(m.state, None);
        assert_eq!(m.write, RecordWrite::Keep);
    }

    #[test]
    fn reconcile_finds_changed_new_and_gone_records() {
        let mut data = Dataset::default();
        data.branch.name = "一支部".into();
        let records: Vec<(DocId, String)> = Record::all_of(&data)
            .iter()
            .map(|r| (r.doc_id(), r.canonical()))
            .collect();
        let first = reconcile(&[], &records, 1);
        assert_eq!(first.len(), 1, "the named branch");
        assert!(reconcile(&first, &records, 2).is_empty());
        let gone = reconcile(&first, &[], 2);
        assert!(gone[0].is_deleted());
    }
}
