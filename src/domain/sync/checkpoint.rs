//! Where a replication resumes: its id, and the agreement of the two replication logs (checkpoints).
//!
//! As in CouchDB's protocol, each replication (this device's database, the server's database, a direction)
//! has a stable id, and both peers keep a log under it: the session that wrote it last, the source sequence
//! it had reached, and the recent sessions before. A replication resumes from the sequence both logs agree
//! on; when they disagree (one write was lost, or one side was reset) from the newest session both remember;
//! failing that, from the start (which re-reads but never loses anything: known revisions are skipped).

use super::rev::body_digest;
use super::wire::{Checkpoint, HistoryEntry, Seq};

/// The version of the document layout (`domain::sync::doc`): part of the replication id, so that a version
/// of the app that reads new kinds of document starts its replications afresh and reads what it skipped.
pub const DOC_FORMAT: u32 = 1;

/// How many earlier sessions a log remembers.
pub const HISTORY_KEPT: usize = 5;

/// Which way a replication goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// From the server to this device.
    Pull,
    /// From this device to the server.
    Push,
}

/// The id of the replication between this device's database (`local_id`, random, made when sync is first
/// set up) and the database at `remote` in `direction`.
pub fn replication_id(local_id: &str, remote: &str, direction: Direction) -> String {
    let way = match direction {
        Direction::Pull => "pull",
        Direction::Push => "push",
    };
    let key = format!("zhibu-sync\n{DOC_FORMAT}\n{way}\n{local_id}\n{remote}");
    format!("zhibu-{}", body_digest(key.as_bytes()))
}

/// The source sequence to resume from, given the source's and the target's logs (either may be missing).
pub fn resume_from(source: Option<&Checkpoint>, target: Option<&Checkpoint>) -> Seq {
    let (Some(s), Some(t)) = (source, target) else {
        return Seq::zero();
    };
    if s.session_id == t.session_id {
        return s.source_last_seq.clone();
    }
    for entry in &s.history {
        if entry.session_id == t.session_id || t.history.iter().any(|e| e.session_id == entry.session_id) {
            return entry.recorded_seq.clone();
        }
    }
    Seq::zero()
}

/// The log after session `session_id` reached `seq`, following `previous` (this session's earlier entry
/// replaced, at most [`HISTORY_KEPT`] sessions).
pub fn advance(previous: Option<&Checkpoint>, session_id: &str, seq: Seq) -> Checkpoint {
    let mut history = vec![HistoryEntry {
        session_id: session_id.to_owned(),
        recorded_seq: seq.clone(),
    }];
    if let Some(p) = previous {
        history.extend(p.history.iter().filter(|e| e.session_id != session_id).cloned());
    }
    history.truncate(HISTORY_KEPT);
    Checkpoint {
        session_id: session_id.to_owned(),
        source_last_seq: seq,
        history,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seq(n: u64) -> Seq {
        Seq(n.into())
    }

    #[test]
    fn ids_differ_by_device_server_and_direction() {
        let a = replication_id("dev1", "/couchdb/b", Direction::Pull);
        assert_eq!(a, replication_id("dev1", "/couchdb/b", Direction::Pull));
        assert_ne!(a, replication_id("dev2", "/couchdb/b", Direction::Pull));
        assert_ne!(a, replication_id("dev1", "/couchdb/c", Direction::Pull));
        assert_ne!(a, replication_id("dev1", "/couchdb/b", Direction::Push));
    }

    #[test]
    fn logs_agree_on_a_common_session() {
        let one = advance(None, "s1", seq(10));
        assert_eq!(resume_from(Some(&one), Some(&one)), seq(10));
        assert_eq!(resume_from(Some(&one), None), Seq::zero());
        // The source went on in session s2, the target's write was lost: resume from s1's point.
        let two = advance(Some(&one), "s2", seq(20));
        assert_eq!(resume_from(Some(&two), Some(&one)), seq(10));
        // Nothing in common: from the start.
        let other = advance(None, "x", seq(5));
        assert_eq!(resume_from(Some(&two), Some(&other)), Seq::zero());
        // A session's later checkpoints replace its entry; at most HISTORY_KEPT sessions.
        let again = advance(Some(&two), "s2", seq(30));
        assert_eq!(again.history.len(), 2);
        let mut log = again;
        for n in 0..10 {
            log = advance(Some(&log), &format!("t{n}"), seq(40 + n));
        }
        assert_eq!(log.history.len(), HISTORY_KEPT);
    }
}
