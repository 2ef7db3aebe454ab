//! What a pull changed on this device, kept so that the page can put those records into the data it holds
//! instead of reading every record again (on a LARGE branch, reading everything after a one-record change was
//! most of the time a live edit took to show on the other device). Past [`PATCH_LIMIT`] records (a first
//! pull, a long time offline) only the fact that much changed is kept, and the page reads everything.

use super::doc::{DocId, Record};
use crate::domain::Dataset;

/// The most records a page takes as a patch; beyond, it reads everything again.
pub const PATCH_LIMIT: usize = 200;

/// The records a pull wrote (`Some`) or deleted (`None`) here, in the order written.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PulledChanges {
    changes: Vec<(DocId, Option<Record>)>,
    too_many: bool,
}

/// What the page does with [`PulledChanges`].
#[derive(Debug, Clone, PartialEq)]
pub enum Pulled {
    /// Nothing came in.
    Nothing,
    /// Put these into the data held.
    Patch(Vec<(DocId, Option<Record>)>),
    /// Too much for a patch: read everything again.
    ReadAll,
}

impl PulledChanges {
    /// Notes one record written (`Some`) or deleted (`None`) by a pull.
    pub fn note(&mut self, id: DocId, record: Option<Record>) {
        if self.too_many {
            return;
        }
        if self.changes.len() >= PATCH_LIMIT {
            self.changes = Vec::new();
            self.too_many = true;
        } else {
            self.changes.push((id, record));
        }
    }

    /// Nothing noted since the last take.
    pub fn is_empty(&self) -> bool {
        !self.too_many && self.changes.is_empty()
    }

    /// Notes a batch of writes made by [`collect`] (`None`: more than a patch takes).
    pub fn note_batch(&mut self, batch: Option<Vec<(DocId, Option<Record>)>>) {
        match batch {
            Some(list) => {
                for (id, record) in list {
                    self.note(id, record);
                }
            }
            None => {
                self.changes = Vec::new();
                self.too_many = true;
            }
        }
    }

    /// What came in since the last take, and starts again.
    pub fn take(&mut self) -> Pulled {
        let taken = std::mem::take(self);
        if taken.too_many {
            Pulled::ReadAll
        } else if taken.changes.is_empty() {
            Pulled::Nothing
        } else {
            Pulled::Patch(taken.changes)
        }
    }
}

/// Adds one write to `batch`, copying the record only while the batch is within [`PATCH_LIMIT`] (past it the
/// batch becomes `None`: too many for a patch, and a first pull of a large branch copies nothing).
pub fn collect(batch: &mut Option<Vec<(DocId, Option<Record>)>>, id: DocId, record: impl FnOnce() -> Option<Record>) {
    match batch {
        Some(list) if list.len() < PATCH_LIMIT => list.push((id, record())),
        _ => *batch = None,
    }
}

/// Puts the pulled records into `data`: a record replaces the one with its id (or is added at the end of its
/// list), a deletion removes it (a deleted branch profile or rules document leaves the blank profile or the
/// default rules, as an empty store reads).
pub fn patch(data: &mut Dataset, changes: Vec<(DocId, Option<Record>)>) {
    fn put<T>(list: &mut Vec<T>, item: T, same: impl Fn(&T) -> bool) {
        match list.iter().position(same) {
            Some(at) => list[at] = item,
            None => list.push(item),
        }
    }
    for (id, record) in changes {
        match (id, record) {
            (_, Some(Record::Branch(b))) => data.branch = b,
            (_, Some(Record::Rules(r))) => data.rules = r,
            (_, Some(Record::Group(g))) => put(&mut data.groups, g.clone(), |x| x.id == g.id),
            (_, Some(Record::Member(m))) => put(&mut data.members, m.clone(), |x| x.id == m.id),
            (_, Some(Record::Activity(a))) => put(&mut data.activities, a.clone(), |x| x.id == a.id),
            (_, Some(Record::StudyItem(s))) => put(&mut data.study_items, s.clone(), |x| x.id == s.id),
            (DocId::Branch, None) => data.branch = Default::default(),
            (DocId::Rules, None) => data.rules = Vec::new(),
            (DocId::Group(id), None) => data.groups.retain(|x| x.id != id),
            (DocId::Member(id), None) => data.members.retain(|x| x.id != id),
            (DocId::Activity(id), None) => data.activities.retain(|x| x.id != id),
            (DocId::StudyItem(id), None) => data.study_items.retain(|x| x.id != id),
        }
    }
}
