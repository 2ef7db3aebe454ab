//! The committee's replicas (the 汇总 page): each branch database on the unit's server pulled read-only into
//! memory — a [`MemoryDb`] fed through [`ReadOnly`]`<`[`HttpRemote`]`>` — never into this device's own
//! IndexedDB, never writing anything on the server; and [`run_pool`], which pulls several at a time.
//!
//! A replica lives as long as the page: a second 同步 resumes from where the first ended (the checkpoints
//! are in memory on both sides), so only what changed since is fetched.

use super::http::HttpRemote;
use super::random_id;
use crate::domain::sync::committee::{db_url, ReadOnly};
use crate::domain::sync::doc::Rejected;
use crate::domain::sync::memory::MemoryDb;
use crate::domain::sync::replicate::{pull, Progress, Report, Session};
use crate::domain::sync::wire::SyncError;
use crate::domain::Dataset;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::rc::Rc;

/// One branch database, read into memory.
pub struct Replica {
    pub db: String,
    url: String,
    remote: ReadOnly<HttpRemote>,
    mem: MemoryDb,
    /// This replica's id in the replication ids (random: nothing of it is kept).
    local_id: String,
}

impl Replica {
    /// An empty replica of `db` under the server root `server` (e.g. `/couchdb`).
    pub fn new(server: &str, db: &str) -> Replica {
        let url = db_url(server, db);
        Replica {
            db: db.to_owned(),
            remote: ReadOnly::new(HttpRemote::new(&url)),
            url,
            mem: MemoryDb::new(),
            local_id: random_id(),
        }
    }

    /// Pulls what the database has that this replica lacks.
    pub async fn pull(&self, progress: &mut dyn FnMut(Progress)) -> Result<Report, SyncError> {
        let session_id = random_id();
        let session = Session {
            local_id: &self.local_id,
            remote_url: &self.url,
            session_id: &session_id,
        };
        pull(&self.remote, &self.mem, &session, progress).await
    }

    /// The branch's records as read so far.
    pub fn dataset(&self) -> Dataset {
        self.mem.dataset()
    }

    /// Every document set aside since the replica was made (each revision once).
    pub fn set_aside(&self) -> Vec<Rejected> {
        let mut out: Vec<Rejected> = Vec::new();
        for r in self.mem.rejected() {
            if !out.iter().any(|o| o.id == r.id && o.rev == r.rev) {
                out.push(r);
            }
        }
        out
    }
}

/// Runs `job` on every item, at most `workers` at a time, on the browser's one thread; `finished` is called
/// once all are done. Each job reports its own result (the page shows each branch as soon as it is in).
pub fn run_pool<T, F, Fut>(items: Vec<T>, workers: usize, job: F, finished: impl FnOnce() + 'static)
where
    T: 'static,
    F: Fn(T) -> Fut + 'static,
    Fut: Future<Output = ()> + 'static,
{
    let queue = Rc::new(RefCell::new(VecDeque::from(items)));
    let job = Rc::new(job);
    let workers = workers.clamp(1, queue.borrow().len().max(1));
    let running = Rc::new(std::cell::Cell::new(workers));
    let finished = Rc::new(RefCell::new(Some(finished)));
    for _ in 0..workers {
        let (queue, job, running, finished) = (queue.clone(), job.clone(), running.clone(), finished.clone());
        leptos::task::spawn_local(async move {
            loop {
                let next = queue.borrow_mut().pop_front();
                let Some(item) = next else { break };
                job(item).await;
            }
            running.set(running.get() - 1);
            if running.get() == 0 {
                if let Some(f) = finished.borrow_mut().take() {
                    f();
                }
            }
        });
    }
}

/// Yields to the browser (input, drawing) between pieces of work.
pub async fn yield_now() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}
