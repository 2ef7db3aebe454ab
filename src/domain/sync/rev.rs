//! Revisions and revision trees, as CouchDB keeps them (its "MVCC data model").
//!
//! Every replicated document has revisions `N-hash`: `N` counts the edits since the document was created, the
//! hash names one edit. A document's history is a tree; its leaves are the current versions. Two devices that
//! edited the same document without seeing each other's edit give it two leaves: a *conflict*. Every peer
//! picks the same *winner* among the leaves without talking to the others (CouchDB's rule, [`RevTree::winner`]),
//! and keeps the other leaves until someone resolves the conflict by deleting them.
//!
//! A tree is kept as its leaves, each with its path back towards the root ([`Leaf::path`], newest first, at
//! most [`REVS_LIMIT`] long, as CouchDB's `revs_limit`): the form in which revisions travel between peers
//! (`_revisions: {start, ids}`), and enough to decide whether a revision is known, which leaf it extends and
//! which leaf wins.
//!
//! Revision hashes made here are deterministic ([`rev_hash`]): the MD5 of the parent revision, the deleted flag
//! and the body. Two devices that make the same edit to the same version (e.g. both import the same backup)
//! therefore make the same revision, not a conflict.

use md5::{Digest, Md5};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;
use thiserror::Error;

/// How many revisions of a path are kept (CouchDB's default `revs_limit`).
pub const REVS_LIMIT: usize = 1000;

/// The longest revision hash accepted from a peer.
pub const MAX_HASH_LEN: usize = 64;

/// A revision: `pos-hash`, e.g. `3-917fa2381192822767f010b95b45325b`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Rev {
    /// 1 for the first revision, +1 for every edit.
    pub pos: u64,
    pub hash: String,
}

/// Why a revision from a peer was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RevError {
    #[error("修订号“{0}”格式不正确")]
    Malformed(String),
    #[error("修订历史不完整或格式不正确")]
    BadHistory,
}

/// Whether `hash` is acceptable as a revision hash: 1–[`MAX_HASH_LEN`] ASCII letters and digits.
fn is_hash(hash: &str) -> bool {
    !hash.is_empty() && hash.len() <= MAX_HASH_LEN && hash.bytes().all(|b| b.is_ascii_alphanumeric())
}

impl Rev {
    pub fn new(pos: u64, hash: impl Into<String>) -> Rev {
        Rev { pos, hash: hash.into() }
    }

    /// Reads `N-hash` (N ≥ 1, no sign or leading zero; hash as [`is_hash`]).
    pub fn parse(text: &str) -> Result<Rev, RevError> {
        let bad = || RevError::Malformed(text.chars().take(80).collect());
        let (pos, hash) = text.split_once('-').ok_or_else(bad)?;
        if pos.is_empty() || pos.len() > 15 || pos.starts_with('0') || !pos.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        if !is_hash(hash) {
            return Err(bad());
        }
        Ok(Rev::new(pos.parse().map_err(|_| bad())?, hash))
    }
}

impl fmt::Display for Rev {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.pos, self.hash)
    }
}

impl Serialize for Rev {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Rev {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Rev, D::Error> {
        let text = String::deserialize(d)?;
        Rev::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// One leaf of a revision tree with its path towards the root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leaf {
    /// The leaf's position (`N` of its revision).
    pub pos: u64,
    /// Hashes from the leaf back towards the root: `path[0]` is the leaf's, `path[k]` the hash at `pos - k`.
    /// Never empty; at most [`REVS_LIMIT`] long (older ones forgotten, as CouchDB's revs_limit).
    pub path: Vec<String>,
    /// The leaf is a deletion (a tombstone).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
}

impl Leaf {
    pub fn rev(&self) -> Rev {
        Rev::new(self.pos, self.path[0].clone())
    }

    /// The hash at position `pos` on this path, if the path reaches it.
    fn hash_at(&self, pos: u64) -> Option<&str> {
        let k = self.pos.checked_sub(pos)?;
        self.path.get(usize::try_from(k).ok()?).map(String::as_str)
    }

    /// Whether `rev` is on this path (the leaf itself or an ancestor that is still remembered).
    pub fn contains(&self, rev: &Rev) -> bool {
        self.hash_at(rev.pos) == Some(rev.hash.as_str())
    }

    /// The path as CouchDB's `_revisions` value: `{"start": pos, "ids": [...]}`.
    pub fn revisions(&self) -> Revisions {
        Revisions {
            start: self.pos,
            ids: self.path.clone(),
        }
    }

    /// Whether this leaf wins over `other` (see [`RevTree::winner`]).
    fn beats(&self, other: &Leaf) -> bool {
        (!self.deleted, self.pos, &self.path[0]) > (!other.deleted, other.pos, &other.path[0])
    }
}

/// A revision's history as it travels (`_revisions`): the revision's position and its hashes, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revisions {
    pub start: u64,
    pub ids: Vec<String>,
}

impl Revisions {
    /// The leaf this history describes (checked: a position that the ids fit under, well-formed hashes).
    pub fn into_leaf(self, deleted: bool) -> Result<Leaf, RevError> {
        let len = u64::try_from(self.ids.len()).map_err(|_| RevError::BadHistory)?;
        if self.ids.is_empty() || self.start < len || !self.ids.iter().all(|h| is_hash(h)) {
            return Err(RevError::BadHistory);
        }
        let mut path = self.ids;
        path.truncate(REVS_LIMIT);
        Ok(Leaf {
            pos: self.start,
            path,
            deleted,
        })
    }
}

/// What merging a revision into a tree did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Merged {
    /// The revision was known (a leaf or an ancestor): nothing changed.
    Known,
    /// It continues a leaf (replacing it).
    Extended,
    /// It starts a new branch: a conflict, unless it or the others are deletions.
    Branched,
}

/// The revision tree of one document, as its leaves.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RevTree {
    pub leaves: Vec<Leaf>,
}

impl RevTree {
    /// A new document's tree: one revision.
    pub fn first(hash: String, deleted: bool) -> RevTree {
        RevTree {
            leaves: vec![Leaf {
                pos: 1,
                path: vec![hash],
                deleted,
            }],
        }
    }

    /// The winning leaf, picked as CouchDB picks it, so that every peer shows the same version: a leaf that is
    /// not a deletion beats one that is; then the higher position; then the greater hash. `None` for an empty
    /// tree.
    pub fn winner(&self) -> Option<&Leaf> {
        let mut best: Option<&Leaf> = None;
        for leaf in &self.leaves {
            if best.is_none_or(|b| leaf.beats(b)) {
                best = Some(leaf);
            }
        }
        best
    }

    /// The leaves other than the winner that are not deletions: the document's open conflicts.
    pub fn conflicts(&self) -> Vec<&Leaf> {
        let Some(winner) = self.winner() else {
            return Vec::new();
        };
        self.leaves
            .iter()
            .filter(|l| !l.deleted && !std::ptr::eq(*l, winner))
            .collect()
    }

    /// Whether `rev` is in the tree (as a leaf or a remembered ancestor).
    pub fn contains(&self, rev: &Rev) -> bool {
        self.leaves.iter().any(|l| l.contains(rev))
    }

    /// The leaf whose revision is `rev`.
    pub fn leaf(&self, rev: &Rev) -> Option<&Leaf> {
        self.leaves.iter().find(|l| l.pos == rev.pos && l.path[0] == rev.hash)
    }

    /// All leaf revisions (what `_changes?style=all_docs` lists), winner first, then by CouchDB's order.
    pub fn leaf_revs(&self) -> Vec<Rev> {
        let mut leaves: Vec<&Leaf> = self.leaves.iter().collect();
        crate::domain::sort::sort_by(&mut leaves, |a, b| {
            if a.beats(b) {
                Ordering::Less
            } else if b.beats(a) {
                Ordering::Greater
            } else {
                Ordering::Equal
            }
        });
        leaves.into_iter().map(Leaf::rev).collect()
    }

    /// Merges a leaf that came from a peer (its revision with its path).
    pub fn merge(&mut self, incoming: Leaf) -> Merged {
        let rev = incoming.rev();
        if self.contains(&rev) {
            return Merged::Known;
        }
        // Does the incoming path pass through one of our leaves? Then it continues that leaf.
        for leaf in &mut self.leaves {
            if incoming.contains(&leaf.rev()) {
                let k = (incoming.pos - leaf.pos) as usize;
                let mut path = incoming.path;
                if path.len() <= k + 1 {
                    // The incoming path stops at our leaf: keep our older history behind it.
                    path.truncate(k);
                    path.extend(leaf.path.iter().cloned());
                }
                path.truncate(REVS_LIMIT);
                *leaf = Leaf {
                    pos: incoming.pos,
                    path,
                    deleted: incoming.deleted,
                };
                return Merged::Extended;
            }
        }
        self.leaves.push(incoming);
        Merged::Branched
    }

    /// A local edit: a new revision after the winner (or the first revision of a new document), with `hash`
    /// (see [`rev_hash`]). Returns the new revision.
    pub fn edit(&mut self, hash: String, deleted: bool) -> Rev {
        self.extend(self.winner().map(Leaf::rev), hash, deleted)
    }

    /// A new revision after the leaf `parent` (`None`: a new document). A `parent` that is not a leaf starts a
    /// new first revision, which cannot happen through [`RevTree::edit`].
    pub fn extend(&mut self, parent: Option<Rev>, hash: String, deleted: bool) -> Rev {
        let at = parent.and_then(|p| self.leaves.iter().position(|l| l.pos == p.pos && l.path[0] == p.hash));
        match at {
            Some(i) => {
                let leaf = &mut self.leaves[i];
                leaf.pos += 1;
                leaf.path.insert(0, hash);
                leaf.path.truncate(REVS_LIMIT);
                leaf.deleted = deleted;
                leaf.rev()
            }
            None => {
                self.leaves.push(Leaf {
                    pos: 1,
                    path: vec![hash],
                    deleted,
                });
                self.leaves[self.leaves.len() - 1].rev()
            }
        }
    }
}

/// The hash of a new revision after `parent` (none for a new document): MD5, as 32 lowercase hex digits, of
/// the parent revision, the deleted flag and the body's digest ([`body_digest`]). Equal edits of equal versions
/// give equal revisions on every device.
pub fn rev_hash(parent: Option<&Rev>, deleted: bool, body_digest: &str) -> String {
    let mut h = Md5::new();
    if let Some(p) = parent {
        h.update(p.to_string().as_bytes());
    }
    h.update([0, u8::from(deleted)]);
    h.update(body_digest.as_bytes());
    hex(&h.finalize())
}

/// The MD5 of a document body (its canonical JSON, as this app writes it), as 32 hex digits: what tells
/// whether a stored record still equals the version its revision was made for.
pub fn body_digest(body_json: &[u8]) -> String {
    hex(&Md5::digest(body_json))
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(pos: u64, path: &[&str]) -> Leaf {
        Leaf {
            pos,
            path: path.iter().map(|s| (*s).to_owned()).collect(),
            deleted: false,
        }
    }

    #[test]
    fn revs_parse_strictly() {
        assert_eq!(Rev::parse("3-abc").unwrap(), Rev::new(3, "abc"));
        for bad in [
            "", "3", "-abc", "0-abc", "03-abc", "3-", "3-a b", "x-abc", "3-abc-d", "+3-abc",
        ] {
            assert!(Rev::parse(bad).is_err(), "{bad}");
        }
        assert!(Rev::parse(&format!("1-{}", "a".repeat(65))).is_err());
    }

    #[test]
    fn the_winner_is_couchdbs() {
        let mut t = RevTree {
            leaves: vec![leaf(2, &["aa", "r"]), leaf(2, &["bb", "r"])],
        };
        assert_eq!(t.winner().unwrap().rev(), Rev::new(2, "bb"));
        t.leaves[1].deleted = true;
        assert_eq!(t.winner().unwrap().rev(), Rev::new(2, "aa"));
        t.leaves.push(leaf(1, &["zz"]));
        assert_eq!(t.winner().unwrap().rev(), Rev::new(2, "aa"));
        assert_eq!(t.conflicts().len(), 1);
    }

    #[test]
    fn merging_extends_or_branches() {
        let mut t = RevTree::first("a".into(), false);
        assert_eq!(t.merge(leaf(1, &["a"])), Merged::Known);
        assert_eq!(t.merge(leaf(3, &["c", "b", "a"])), Merged::Extended);
        assert_eq!(t.leaves, vec![leaf(3, &["c", "b", "a"])]);
        assert_eq!(t.merge(leaf(2, &["b", "a"])), Merged::Known);
        assert_eq!(t.merge(leaf(3, &["x", "b", "a"])), Merged::Branched);
        assert_eq!(t.leaves.len(), 2);
        // A short path that stops at our leaf keeps our history.
        assert_eq!(t.merge(leaf(4, &["d", "c"])), Merged::Extended);
        assert_eq!(t.leaf(&Rev::new(4, "d")).unwrap().path, ["d", "c", "b", "a"]);
    }

    #[test]
    fn edits_follow_the_winner() {
        let mut t = RevTree::default();
        let r1 = t.edit("a".into(), false);
        assert_eq!(r1, Rev::new(1, "a"));
        let r2 = t.edit("b".into(), false);
        assert_eq!(r2, Rev::new(2, "b"));
        assert_eq!(t.leaves, vec![leaf(2, &["b", "a"])]);
        let r3 = t.edit("c".into(), true);
        assert!(t.winner().unwrap().deleted);
        assert_eq!(r3.pos, 3);
    }

    #[test]
    fn hashes_are_deterministic() {
        let d = body_digest(br#"{"name":"x"}"#);
        assert_eq!(d.len(), 32);
        assert_eq!(rev_hash(None, false, &d), rev_hash(None, false, &d));
        assert_ne!(rev_hash(None, false, &d), rev_hash(None, true, &d));
        assert_ne!(rev_hash(Some(&Rev::new(1, "a")), false, &d), rev_hash(None, false, &d));
        assert_eq!(body_digest(b""), "d41d8cd98f00b204e9800998ecf8427e");
    }

    #[test]
    fn histories_are_checked() {
        let ok = Revisions {
            start: 3,
            ids: vec!["c".into(), "b".into()],
        };
        assert_eq!(ok.into_leaf(false).unwrap().pos, 3);
        for bad in [
            Revisions { start: 1, ids: vec![] },
            Revisions {
                start: 1,
                ids: vec!["b".into(), "a".into()],
            },
            Revisions {
                start: 2,
                ids: vec!["b<".into()],
            },
        ] {
            assert!(bad.into_leaf(false).is_err());
        }
    }
}
