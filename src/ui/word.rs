//! Word files from the UI: how a button on any page reaches the Word chunk, the user's format choice, and
//! saving the file.
//!
//! The writer is in its own lazily loaded chunk ([`crate::ui::routes::run_word_jobs`]). The buttons sit on
//! pages that are chunks themselves, and chunk code must never call a split function (see `routes`): so the
//! main module hands the split function over at start ([`register`], from `ui::start`), and the buttons put
//! their request in a queue here and call it. What the main module holds for this is kept as small as it can
//! be (it is in every first load): the split function takes and returns nothing but a load failure; the
//! requests and the files pass through [`JOBS`] and [`DONE`], which only chunk code touches. The format
//! (page and fonts, `export::word::format`) is kept per browser in localStorage under [`FORMAT_KEY`].

use crate::export::word::format::Format;
use crate::export::word::{make, WordError, WordFile, WordRequest, DOCX_MIME};
use crate::ui::routes::{ChunkError, Task};
use crate::ui::state::AppState;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};

/// The Word chunk's entry, as the main module registers it: fetches the chunk (the first time) and runs
/// [`run_jobs`] there.
pub type RunWordJobs = fn() -> Task<Result<(), ChunkError>>;

/// One requested file.
struct Job {
    id: u32,
    app: AppState,
    request: WordRequest,
    format: Format,
}

thread_local! {
    static RUNNER: Cell<Option<RunWordJobs>> = const { Cell::new(None) };
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
    /// Requests waiting for the Word chunk.
    static JOBS: RefCell<Vec<Job>> = const { RefCell::new(Vec::new()) };
    /// Made files (or why not), by request.
    static DONE: RefCell<Vec<(u32, Result<WordFile, WordError>)>> = const { RefCell::new(Vec::new()) };
    /// The choice made on this page, for a browser that refuses localStorage.
    static CHOSEN: Cell<Option<Format>> = const { Cell::new(None) };
}

/// Called once by the main module at start.
pub fn register(runner: RunWordJobs) {
    RUNNER.with(|r| r.set(Some(runner)));
}

/// Makes every queued file: runs in the Word chunk.
pub fn run_jobs() {
    let today = crate::ui::clock::today();
    for job in JOBS.with(|j| std::mem::take(&mut *j.borrow_mut())) {
        let result = job
            .app
            .data
            .with_untracked(|d| make(d, &job.request, &job.format, today));
        DONE.with(|d| d.borrow_mut().push((job.id, result)));
    }
}

/// Makes the requested file (fetching the Word chunk the first time) and offers it as a download. The error
/// is a Chinese sentence saying what to do; the data is never changed.
pub async fn make_and_save(app: AppState, request: WordRequest) -> Result<String, String> {
    let Some(runner) = RUNNER.with(Cell::get) else {
        return Err("Word 导出尚未就绪，请刷新页面后重试。".to_owned());
    };
    let id = NEXT_ID.with(|n| {
        n.set(n.get().wrapping_add(1));
        n.get()
    });
    JOBS.with(|j| {
        j.borrow_mut().push(Job {
            id,
            app,
            request,
            format: saved_format(),
        })
    });
    let ran = runner().await;
    // A request another call's run already made is waiting in DONE; one that never ran is taken back.
    let done = DONE.with(|d| {
        let mut d = d.borrow_mut();
        d.iter().position(|(i, _)| *i == id).map(|at| d.remove(at).1)
    });
    JOBS.with(|j| j.borrow_mut().retain(|job| job.id != id));
    let file = match (done, ran) {
        (Some(result), _) => result.map_err(|e| e.to_string())?,
        (None, Err(e)) => return Err(e.to_string()),
        (None, Ok(())) => return Err("Word 文件未能生成，请重试。".to_owned()),
    };
    crate::ui::components::download::download_bytes(&file.name, DOCX_MIME, &file.bytes)?;
    Ok(file.name)
}

/// The localStorage key of the chosen format ([`Format::code`]).
pub const FORMAT_KEY: &str = "zhibu-word-format";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The format this browser last chose, or the default (GB/T 9704 with the official fonts).
pub fn saved_format() -> Format {
    CHOSEN.with(Cell::get).unwrap_or_else(|| {
        storage()
            .and_then(|s| s.get_item(FORMAT_KEY).ok().flatten())
            .map(|c| Format::from_code(&c))
            .unwrap_or_default()
    })
}

/// Keeps the choice for the next file (a browser that refuses storage keeps it for this page only).
pub fn save_format(format: Format) {
    CHOSEN.with(|c| c.set(Some(format)));
    if let Some(s) = storage() {
        let _ = s.set_item(FORMAT_KEY, format.code());
    }
}
