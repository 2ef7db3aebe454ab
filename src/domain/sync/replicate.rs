//! The replication algorithm (CouchDB's replication protocol, as its documentation describes it), written
//! against two interfaces: [`Remote`] (the server's database, over HTTP in the app) and [`Local`] (this
//! device's database, IndexedDB in the app). Both are implemented in memory by the native tests, so that
//! every decision here is tested without a browser or a server.
//!
//! A pull: agree on where to resume (the two checkpoints), then page by page ([`PAGE`] changes): read the
//! server's changes (`style=all_docs`: every leaf revision), ask this device which revisions it lacks, and in
//! pieces of [`BATCH`]: fetch those with their histories (`_bulk_get?revs=true`), check each document
//! ([`super::doc::read_doc`]) and merge the good ones in one local transaction, set the bad ones aside with the
//! reason; after the page's last piece, record the checkpoint on both sides. The next piece (and, with a
//! page's last piece, the next page of changes) is fetched while one is stored.
//! A push is the mirror image: this device's changes since its checkpoint (by local sequence), `_revs_diff`
//! to learn what the server lacks, `_bulk_docs` with `new_edits: false` in pieces of [`BATCH`], checkpoint;
//! the next page is prepared while the server writes one.
//!
//! A checkpoint is written only after everything the page it covers lists is stored, so an interruption at any
//! point costs at most one page of work again, never a document: the next run resumes from the last
//! checkpoint, and revisions already stored are known and skipped.

use super::checkpoint::{advance, replication_id, resume_from, Direction};
use super::doc::{Incoming, Read, Rejected};
use super::rev::Rev;
use super::state::DocState;
use super::wire::{Changes, Checkpoint, RevsByDoc, Seq, SyncError};
use std::future::{poll_fn, Future};
use std::pin::pin;
use std::task::Poll;

/// Revisions per `_bulk_get` and documents per `_bulk_docs` (PouchDB's default batch size).
pub const BATCH: usize = 100;

/// Changes read per request of a changes feed (the server's `_changes`, this device's by sequence): a page.
/// A checkpoint is written after each page, once everything it lists is stored (or sent), and at the end; an
/// interruption then costs at most one page of reading again, never a document: what was stored is known and
/// skipped (`_revs_diff`, the local diff). Larger than [`BATCH`] for fewer round trips (a first pull of LARGE
/// reads 3 pages instead of 15); the documents themselves still go in pieces of [`BATCH`].
pub const PAGE: usize = 5 * BATCH;

/// The server's database, as the replicator needs it.
// The app is single-threaded (wasm): the futures need no `Send` bound, hence `async fn` in the trait.
#[allow(async_fn_in_trait)]
pub trait Remote {
    /// The replication log stored as `_local/<rid>`, if any.
    async fn get_checkpoint(&self, rid: &str) -> Result<Option<Checkpoint>, SyncError>;
    async fn put_checkpoint(&self, rid: &str, checkpoint: &Checkpoint) -> Result<(), SyncError>;
    /// One page of changes after `since`, at most `limit` rows.
    async fn changes(&self, since: &Seq, limit: usize) -> Result<Changes, SyncError>;
    /// Of `revs`, those the server does not have.
    async fn revs_diff(&self, revs: &RevsByDoc) -> Result<RevsByDoc, SyncError>;
    /// The revisions `wanted`, each with its history, read and checked ([`super::doc::read_doc`]).
    async fn bulk_get(&self, wanted: &RevsByDoc) -> Result<Vec<Read>, SyncError>;
    /// Stores revisions as they are (`new_edits: false`); returns the documents refused, with the error and
    /// reason the server gave.
    async fn bulk_docs(&self, docs: Vec<String>) -> Result<Vec<(String, String, String)>, SyncError>;
}

/// This device's database, as the replicator needs it.
#[allow(async_fn_in_trait)]
pub trait Local {
    /// Brings the sync states in line with the stored records (see `state::reconcile`).
    async fn prepare(&self) -> Result<(), SyncError>;
    async fn get_checkpoint(&self, rid: &str) -> Result<Option<Checkpoint>, SyncError>;
    async fn put_checkpoint(&self, rid: &str, checkpoint: &Checkpoint) -> Result<(), SyncError>;
    /// The documents changed after local sequence `seq`, in sequence order, at most `limit`.
    async fn changes_since(&self, seq: u64, limit: usize) -> Result<Vec<DocState>, SyncError>;
    /// Of `revs`, those this device does not have.
    async fn missing(&self, revs: &RevsByDoc) -> Result<RevsByDoc, SyncError>;
    /// The revisions `revs` (leaves of this device's trees) as documents for `_bulk_docs`; revisions that are
    /// no longer leaves are left out (their successors follow in a later page).
    async fn docs_to_push(&self, revs: &RevsByDoc) -> Result<Vec<String>, SyncError>;
    /// Merges checked revisions in one transaction; returns how many records changed.
    async fn apply(&self, docs: Vec<Incoming>) -> Result<usize, SyncError>;
    /// Remembers documents that were set aside, for the user to see.
    async fn set_aside(&self, rejected: Vec<Rejected>) -> Result<(), SyncError>;
}

/// Where one replication run is going: its identity and the session it writes into the logs.
#[derive(Debug, Clone)]
pub struct Session<'a> {
    /// This device's database id (random, kept with the sync settings).
    pub local_id: &'a str,
    /// The server database's address as configured (part of the replication id).
    pub remote_url: &'a str,
    /// A new random id for this run.
    pub session_id: &'a str,
}

/// What one run did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Records changed on this device by the pull.
    pub pulled: usize,
    /// Revisions sent to the server.
    pub pushed: usize,
    /// Documents from the server that were set aside.
    pub rejected: Vec<Rejected>,
    /// The server's sequence the pull reached: where to wait for the next change from.
    pub remote_seq: Option<Seq>,
    /// The replication log as it stands after the run (what both sides hold), for the next run of the same
    /// live session ([`pull_from`], [`push_from`]).
    pub log: Option<Checkpoint>,
}

/// Progress of a run, for the page: documents read from the server and sent to it so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub pulled: usize,
    pub pushed: usize,
}

/// Writes the checkpoint on both sides. The server's copy may be refused to a read-only account on some
/// servers; then this device's copy alone records the progress (both agree again on the next write).
async fn checkpoint(
    remote: &impl Remote,
    local: &impl Local,
    rid: &str,
    previous: Option<&Checkpoint>,
    session_id: &str,
    seq: Seq,
) -> Result<Checkpoint, SyncError> {
    let next = advance(previous, session_id, seq);
    local.put_checkpoint(rid, &next).await?;
    match remote.put_checkpoint(rid, &next).await {
        Ok(()) | Err(SyncError::Forbidden(_)) | Err(SyncError::Unauthorized) => Ok(next),
        Err(e) => Err(e),
    }
}

/// The revisions a page of changes lists, by document (rows with malformed revisions keep the good ones).
fn listed(changes: &Changes) -> RevsByDoc {
    let mut out = RevsByDoc::new();
    for c in &changes.results {
        let revs: Vec<Rev> = c.changes.iter().filter_map(|r| Rev::parse(&r.rev).ok()).collect();
        if !revs.is_empty() && !c.id.starts_with('_') {
            out.entry(c.id.clone()).or_default().extend(revs);
        }
    }
    out
}

/// Splits `revs` into pieces of at most [`BATCH`] revisions.
fn pieces(revs: RevsByDoc) -> Vec<RevsByDoc> {
    let mut out = vec![RevsByDoc::new()];
    let mut n = 0;
    for (id, list) in revs {
        if n + list.len() > BATCH && n > 0 {
            out.push(RevsByDoc::new());
            n = 0;
        }
        n += list.len();
        out.last_mut().map(|m| m.insert(id, list));
    }
    out.retain(|m| !m.is_empty());
    out
}

/// Runs two futures at once (on the one thread: while one waits, the other goes on) and returns both
/// results. The replicator overlaps the network with local work this way.
pub async fn join<A: Future, B: Future>(a: A, b: B) -> (A::Output, B::Output) {
    let mut a = pin!(a);
    let mut b = pin!(b);
    let (mut ra, mut rb) = (None, None);
    poll_fn(|cx| {
        if ra.is_none() {
            if let Poll::Ready(v) = a.as_mut().poll(cx) {
                ra = Some(v);
            }
        }
        if rb.is_none() {
            if let Poll::Ready(v) = b.as_mut().poll(cx) {
                rb = Some(v);
            }
        }
        match (ra.take(), rb.take()) {
            (Some(x), Some(y)) => Poll::Ready((x, y)),
            (x, y) => {
                ra = x;
                rb = y;
                Poll::Pending
            }
        }
    })
    .await
}

/// What a pull stores in one step: the documents of one piece, read and checked, and, with the last piece of
/// a page of changes, where that page reaches (the checkpoint may pass it once the piece is stored).
struct Piece {
    reads: Vec<Read>,
    end: Option<Seq>,
}

/// The pull's reading side: pages of the server's changes, what this device lacks of each, fetched in pieces
/// of [`BATCH`]. It runs one piece ahead of the storing side ([`pull_from`]): while a piece is stored, the
/// next is fetched, and the last piece of a page is fetched together with the next page of changes.
struct Reader<'a, R, L> {
    remote: &'a R,
    local: &'a L,
    /// Where the next page of changes starts.
    since: Seq,
    /// The next page of changes, read ahead.
    next_page: Option<Changes>,
    /// The last page was read (it was not full).
    done: bool,
    /// The pieces of the current page still to fetch, and where that page reaches.
    pieces: std::collections::VecDeque<RevsByDoc>,
    end: Option<Seq>,
}

impl<R: Remote, L: Local> Reader<'_, R, L> {
    /// The next piece, or `None` when everything was read.
    async fn next(&mut self) -> Result<Option<Piece>, SyncError> {
        if self.pieces.is_empty() {
            let Some(end) = self.next_page().await? else {
                return Ok(None);
            };
            if self.pieces.is_empty() {
                return Ok(Some(Piece {
                    reads: Vec::new(),
                    end: Some(end),
                }));
            }
            self.end = Some(end);
        }
        let Some(piece) = self.pieces.pop_front() else {
            return Ok(None);
        };
        if !self.pieces.is_empty() {
            let reads = self.remote.bulk_get(&piece).await?;
            return Ok(Some(Piece { reads, end: None }));
        }
        // The page's last piece: the next page of changes is read meanwhile.
        let ahead = async {
            if self.done {
                Ok(None)
            } else {
                self.remote.changes(&self.since, PAGE).await.map(Some)
            }
        };
        let (reads, ahead) = join(self.remote.bulk_get(&piece), ahead).await;
        let reads = reads?;
        self.next_page = ahead?;
        Ok(Some(Piece {
            reads,
            end: self.end.take(),
        }))
    }

    /// Takes the next page of changes (read ahead, or read now) and learns which of its revisions this device
    /// lacks, in pieces. Returns where the page reaches, or `None` after the last page.
    async fn next_page(&mut self) -> Result<Option<Seq>, SyncError> {
        let page = match self.next_page.take() {
            Some(page) => page,
            None if self.done => return Ok(None),
            None => self.remote.changes(&self.since, PAGE).await?,
        };
        self.done = page.results.len() < PAGE;
        self.since = page.last_seq.clone();
        let wanted = listed(&page);
        if !wanted.is_empty() {
            self.pieces = pieces(self.local.missing(&wanted).await?).into();
        }
        Ok(Some(page.last_seq))
    }
}

/// Pulls everything the server has that this device lacks. While one piece is stored, the next is fetched.
pub async fn pull(
    remote: &impl Remote,
    local: &impl Local,
    session: &Session<'_>,
    progress: &mut dyn FnMut(Progress),
) -> Result<Report, SyncError> {
    pull_from(remote, local, session, None, progress).await
}

/// Both sides' replication logs for `rid`: read from each side, or, in a live session that already ran
/// (`known`: the log its last successful run left on both), taken from memory — as a continuous replication
/// keeps its position instead of reading the checkpoints again (two requests fewer per direction and run).
async fn logs(
    remote: &impl Remote,
    local: &impl Local,
    rid: &str,
    known: Option<Checkpoint>,
) -> Result<(Option<Checkpoint>, Option<Checkpoint>), SyncError> {
    match known {
        Some(log) => Ok((Some(log.clone()), Some(log))),
        None => Ok((local.get_checkpoint(rid).await?, remote.get_checkpoint(rid).await?)),
    }
}

/// [`pull`], resuming from `known` when the live session knows where it stands (see [`logs`]).
pub async fn pull_from(
    remote: &impl Remote,
    local: &impl Local,
    session: &Session<'_>,
    known: Option<Checkpoint>,
    progress: &mut dyn FnMut(Progress),
) -> Result<Report, SyncError> {
    let rid = replication_id(session.local_id, session.remote_url, Direction::Pull);
    let (mine, theirs) = logs(remote, local, &rid, known).await?;
    let since = resume_from(theirs.as_ref(), mine.as_ref());
    // The sequence the checkpoint holds.
    let mut recorded = since.clone();
    let mut log = mine;
    let mut report = Report::default();
    let mut reader = Reader {
        remote,
        local,
        since: since.clone(),
        next_page: None,
        done: false,
        pieces: Default::default(),
        end: None,
    };
    let mut reached = since;
    let mut ready = reader.next().await?;
    while let Some(piece) = ready {
        let mut good = Vec::new();
        let mut set_aside = Vec::new();
        for read in piece.reads {
            match read {
                Read::Ok(doc) => good.push(doc),
                Read::Rejected(r) => set_aside.push(r),
                Read::Skipped => {}
            }
        }
        report.rejected.extend(set_aside.iter().cloned());
        let due = piece.end.clone().filter(|end| *end != recorded || log.is_none());
        // Store this piece (then, at the end of a page, the checkpoint) while the next piece is fetched.
        let store = async {
            let changed = local.apply(good).await?;
            // Set aside before the checkpoint passes them: a run cut off after the checkpoint never reads them
            // again, and they must not vanish from the list.
            if !set_aside.is_empty() {
                local.set_aside(set_aside).await?;
            }
            let log = match &due {
                Some(end) => {
                    Some(checkpoint(remote, local, &rid, log.as_ref(), session.session_id, end.clone()).await?)
                }
                None => log.clone(),
            };
            Ok::<_, SyncError>((changed, log))
        };
        let (stored, next) = join(store, reader.next()).await;
        let (changed, new_log) = stored?;
        log = new_log;
        if let Some(end) = due {
            recorded = end;
        }
        if let Some(end) = piece.end {
            reached = end;
        }
        report.pulled += changed;
        progress(Progress {
            pulled: report.pulled,
            pushed: 0,
        });
        ready = next?;
    }
    report.remote_seq = Some(reached);
    report.log = log;
    Ok(report)
}

/// One page of a push, ready to send: the documents the server lacks and the local sequence it reaches.
struct Outgoing {
    docs: Vec<String>,
    last: u64,
    /// The page was full: there may be more after it.
    full: bool,
}

/// Reads the next page of this device's changes after `since` and asks the server which of them it lacks.
async fn prepare_push(remote: &impl Remote, local: &impl Local, since: u64) -> Result<Option<Outgoing>, SyncError> {
    let states = local.changes_since(since, PAGE).await?;
    let Some(last) = states.last().map(|s| s.seq) else {
        return Ok(None);
    };
    let revs: RevsByDoc = states.iter().map(|s| (s.id.clone(), s.tree.leaf_revs())).collect();
    let missing = remote.revs_diff(&revs).await?;
    let docs = if missing.is_empty() {
        Vec::new()
    } else {
        local.docs_to_push(&missing).await?
    };
    Ok(Some(Outgoing {
        docs,
        last,
        full: states.len() == PAGE,
    }))
}

/// Sends `docs` in pieces of [`BATCH`], one after the other; stops at the first piece the server refuses any
/// of, with what it refused. `progress` hears how many each piece sent.
async fn send_pieces(
    remote: &impl Remote,
    mut docs: Vec<String>,
    progress: &mut dyn FnMut(usize),
) -> Result<(), SyncError> {
    while !docs.is_empty() {
        let rest = docs.split_off(docs.len().min(BATCH));
        let sent = docs.len();
        let refused = remote.bulk_docs(docs).await?;
        if let Some((_, error, reason)) = refused.first() {
            let why = if reason.is_empty() {
                error.clone()
            } else {
                reason.clone()
            };
            return Err(SyncError::WriteRefused(refused.len(), why));
        }
        progress(sent);
        docs = rest;
    }
    Ok(())
}

/// Pushes every change of this device that the server lacks. While one page is being written by the server
/// (in pieces of [`BATCH`]), the next is prepared. A piece the server refuses stops the push before the page's
/// checkpoint, so the refused changes stay pending (and on this device) until they can be sent.
pub async fn push(
    remote: &impl Remote,
    local: &impl Local,
    session: &Session<'_>,
    progress: &mut dyn FnMut(Progress),
) -> Result<Report, SyncError> {
    push_from(remote, local, session, None, progress).await
}

/// [`push`], resuming from `known` when the live session knows where it stands (see [`logs`]).
pub async fn push_from(
    remote: &impl Remote,
    local: &impl Local,
    session: &Session<'_>,
    known: Option<Checkpoint>,
    progress: &mut dyn FnMut(Progress),
) -> Result<Report, SyncError> {
    let rid = replication_id(session.local_id, session.remote_url, Direction::Push);
    let (mine, theirs) = logs(remote, local, &rid, known).await?;
    let since = resume_from(mine.as_ref(), theirs.as_ref()).as_local();
    let mut log = mine;
    let mut report = Report::default();
    let mut ready = prepare_push(remote, local, since).await?;
    while let Some(page) = ready {
        let mut pushed = report.pushed;
        let mut sent = |n: usize| {
            pushed += n;
            progress(Progress { pulled: 0, pushed });
        };
        let send = send_pieces(remote, page.docs, &mut sent);
        let next = async {
            if page.full {
                prepare_push(remote, local, page.last).await
            } else {
                Ok(None)
            }
        };
        let (sent, next) = join(send, next).await;
        report.pushed = pushed;
        sent?;
        let next = next?;
        log = Some(
            checkpoint(
                remote,
                local,
                &rid,
                log.as_ref(),
                session.session_id,
                Seq(page.last.into()),
            )
            .await?,
        );
        ready = next;
    }
    report.log = log;
    Ok(report)
}

/// One full run: bring the local sync states up to date, pull, then push.
pub async fn sync_once(
    remote: &impl Remote,
    local: &impl Local,
    session: &Session<'_>,
    progress: &mut dyn FnMut(Progress),
) -> Result<Report, SyncError> {
    local.prepare().await?;
    let pulled = pull(remote, local, session, progress).await?;
    let pushed = push(remote, local, session, progress).await?;
    Ok(Report {
        pushed: pushed.pushed,
        ..pulled
    })
}

/// How many documents have changes made on this device after the push checkpoint `pushed_up_to`
/// (`states`: every document's state): what the page calls 待上传.
pub fn pending(states: &[DocState], pushed_up_to: u64) -> usize {
    states.iter().filter(|s| s.edited > pushed_up_to).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_hold_at_most_a_batch() {
        let mut revs = RevsByDoc::new();
        for i in 0..250 {
            revs.insert(format!("member:m-{i}"), vec![Rev::new(1, "a")]);
        }
        let p = pieces(revs);
        assert_eq!(p.iter().map(|m| m.len()).collect::<Vec<_>>(), [100, 100, 50]);
    }
}
