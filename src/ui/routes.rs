//! Lazily loaded code. The main module holds what an empty database's first visit needs: the shell (top bar,
//! navigation, router), the start's first look at the store and 概览's welcome page. Everything else is in
//! wasm chunks that the browser fetches the first time they are needed (and the service worker precaches in
//! the background): each section of the navigation, 概览 with data, the reading of the records at the
//! start, the demo branch, the read-only shared schedule, and the Word files' writer.
//!
//! `wasm_split` (Leptos 0.8's `#[lazy]` underneath, crate `wasm_split_helpers`) turns a function into an
//! `async` one that calls an import, which scripts/build-wasm.mjs's `wasm-split-cli` step resolves: it moves
//! every function of one chunk name, and everything only they use, into a separate `.wasm` file (code that
//! several chunks use goes into shared chunks) and writes the JavaScript loader that fetches them. A wasm built
//! with these macros must therefore go through that script (run by scripts/build.mjs); a plain `wasm-bindgen` run
//! would leave the loader imports unresolved.
//!
//! Call the split functions only from main-module code, never from code in a chunk: the browser tests
//! (tests/store.rs) link the crate without the split step, and the chunks' exports keep their code alive
//! there, so an import reached from a chunk would stop the test module from loading.

use crate::domain::demo::{generate, DemoSize};
use crate::domain::overview::nothing_stored;
use crate::domain::Date;
use crate::store::{StartRead, Store, StoreError};
use crate::ui::pages;
use crate::ui::state::AppState;
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use send_wrapper::SendWrapper;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use thiserror::Error;

/// A chunk could not be fetched: the network is down before the service worker has kept a copy, or a newer
/// version was deployed and this tab still runs the old one (whose files are gone). The functions are split with
/// wasm_split's `fallible` option, so this is an error to show, not a panic that would stop the whole app.
#[derive(Debug, Clone, Error)]
#[error("这部分程序未能载入（可能是网络中断，或支部台账已更新）。请检查网络后点“重新载入”；本机数据不受影响。")]
pub struct ChunkError;

impl From<SplitLoaderError> for ChunkError {
    fn from(_: SplitLoaderError) -> ChunkError {
        ChunkError
    }
}

/// What a page whose chunk failed to load shows: the reason and a way to try again (a reload fetches the
/// current version's files).
fn chunk_failed(e: ChunkError) -> AnyView {
    view! {
        <div class="alert-error chunk-failed" role="alert">
            <p>{e.to_string()}</p>
            <button type="button" class="btn" on:click=|_| crate::ui::reload_page()>"重新载入"</button>
        </div>
    }
    .into_any()
}

/// Shows a page whose code is in a chunk: 「正在载入页面…」 (class `loading`, like the app's own start, so
/// whoever waits for the app to be ready also waits for the page) until the chunk has been fetched, then the
/// page. Leptos's own `LazyRoute` shows nothing at all while the first page of a visit loads, and keeps the old
/// page on screen during a navigation. One non-generic function for every route keeps the main module small.
fn lazy_page_view(load: Pin<Box<dyn Future<Output = Result<AnyView, ChunkError>>>>) -> AnyView {
    // `Suspend` wants a `Send` future; the chunk loader's is not, but the app runs on the browser's one thread.
    let page = SendWrapper::new(async move { load.await.unwrap_or_else(chunk_failed) });
    view! {
        <Suspense fallback=|| view! { <p class="loading">"正在载入页面…"</p> }>
            {Suspend::new(page)}
        </Suspense>
    }
    .into_any()
}

/// A route view (`view=routes::Activities`) whose page component is in a chunk, loaded on first use. The
/// second name is the chunk's: the pages of one section of the navigation share one, so that the section's
/// first visit fetches its code at once, and the build makes fewer, larger chunks (see
/// scripts/build-wasm.mjs); the third names the split function and must differ for every page. (Leptos's
/// `#[lazy]` is the same split without `fallible`: a failed fetch would panic.)
macro_rules! lazy_page {
    ($($(#[$doc:meta])* $name:ident / $chunk:ident / $lazy:ident => $page:path;)*) => {$(
        $(#[$doc])*
        #[allow(non_snake_case)]
        pub fn $name() -> impl IntoView {
            #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
            fn $lazy() -> Result<AnyView, ChunkError> {
                Ok(untrack(|| $page().into_any()))
            }
            lazy_page_view(Box::pin($lazy()))
        }
    )*};
}

lazy_page! {
    /// 活动记录: the list.
    Activities / records_chunk / activities_page => pages::activities::ActivitiesPage;
    /// A new record.
    ActivityNew / records_chunk / activity_new_page => pages::activity_form::ActivityNewPage;
    /// Editing a record.
    ActivityEdit / records_chunk / activity_edit_page => pages::activity_form::ActivityEditPage;
    /// One record, read-only.
    ActivityView / records_chunk / activity_view_page => pages::activity_view::ActivityViewPage;
    /// The printed records of a year.
    PrintYear / records_chunk / print_year_page => pages::activity_print::PrintYearPage;
    /// One printed record.
    PrintRecord / records_chunk / print_record_page => pages::activity_print::PrintRecordPage;
    /// 党员.
    Members / members_chunk / members_page => pages::members::MembersPage;
    /// 学习计划.
    Study / study_chunk / study_page => pages::study::StudyPage;
    /// 日程.
    Schedule / schedule_chunk / schedule_page => pages::schedule::SchedulePage;
    /// The printed schedule.
    SchedulePrint / schedule_chunk / schedule_print_page => pages::plan_print::SchedulePrintPage;
    /// 我的.
    My / my_chunk / my_page => pages::my::MyPage;
    /// 统计.
    Stats / stats_chunk / stats_page => pages::stats::StatsPage;
    /// The printed annual summary.
    SummaryPrint / stats_chunk / summary_print_page => pages::summary_print::SummaryPrintPage;
    /// 规则.
    Rules / stats_chunk / rules_page => pages::rules::RulesPage;
    /// 汇总: files and the branches' databases (its own chunk: the replication client, the roll-up and the
    /// read-only views of other branches are not needed by the rest of 统计).
    Rollup / rollup_chunk / rollup_page => pages::rollup::RollupPage;
    /// 数据.
    Data / data_chunk / data_page => pages::data::DataPage;
    /// 数据 → 同步: the sync settings, status and conflicts (with the sync engine in its chunk).
    Sync / sync_chunk / sync_page => pages::sync::SyncPage;
    /// 概览 when something is stored (the welcome page of an empty database is in the main module). Its chunk
    /// is the one that reads the records at the start ([`load_start`]), which usually hands the view over
    /// itself (`AppState::dashboard`); this fetches it otherwise (e.g. after the demo branch is loaded).
    OverviewDashboard / overview_chunk / overview_dashboard_page => pages::overview_dashboard::OverviewDashboard;
}

/// A future run on the browser's one thread, as split functions return it (they cannot be `async`).
pub type Task<T> = Pin<Box<dyn Future<Output = T>>>;

/// 概览's 「载入示例支部」: generates the demo branch and stores it, in its own chunk (only an empty database
/// ever needs the generator, or the code that replaces all data).
#[leptos::wasm_split::wasm_split(demo_chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn load_demo(app: AppState, today: Date, seed: u64) -> Result<Task<Result<(), StoreError>>, ChunkError> {
    Ok(Box::pin(async move {
        let data = generate(&DemoSize::DEMO, today, seed);
        // Only into an empty database (another tab may have written meanwhile).
        if app.data.with_untracked(|d| nothing_stored(d, None)) {
            app.replace_all(data).await
        } else {
            Ok(())
        }
    }))
}

/// The start of a database with something in it ([`AppState::load_stages`]): the code that reads and
/// deserialises the records is not needed for an empty database's welcome page (the first visit), so it is
/// in a chunk, with 概览's ([`OverviewDashboard`]): one fetch brings both.
#[leptos::wasm_split::wasm_split(
    overview_chunk,
    wasm_split_path = ::leptos::wasm_split,
    fallible,
    preload(start_preload)
)]
pub fn load_start(app: AppState, store: Rc<Store>) -> Result<StartStages, ChunkError> {
    Ok(Box::new(move |read| Box::pin(app.load_stages(store, read))))
}

/// [`AppState::load_stages`], given the start's first read ([`Store::read_start`], which runs while the chunk
/// loads).
pub type StartStages = Box<dyn FnOnce(Result<StartRead, StoreError>) -> Task<()>>;

/// Starts fetching and instantiating [`load_start`]'s chunk (the start does, when it expects data). A failure
/// shows when the start asks for the chunk.
pub fn preload_start() {
    leptos::task::spawn_local(async {
        let _ = start_preload().await;
    });
}

/// Word files (.docx): the document model and the writer (`export::word`) are in their own chunk, fetched
/// the first time the user asks for a Word file. This makes the files queued in `ui::word` (the pages' buttons,
/// chunks themselves, reach it through [`run_word_jobs_task`], which the main module registers at start).
/// Nothing goes in or out but a load failure, so that the main module holds as little for it as it can.
#[leptos::wasm_split::wasm_split(word_chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn run_word_jobs() -> Result<(), ChunkError> {
    crate::ui::word::run_jobs();
    Ok(())
}

/// [`run_word_jobs`] as a plain function, for `ui::word::register`.
pub fn run_word_jobs_task() -> Task<Result<(), ChunkError>> {
    Box::pin(run_word_jobs())
}

/// [`AppState::reload`] for the main module (another tab's write), in the same chunk as the start's reading.
#[leptos::wasm_split::wasm_split(overview_chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn reload_all(app: AppState) -> Result<Task<Result<(), StoreError>>, ChunkError> {
    Ok(Box::pin(app.reload()))
}

/// Starts sync at the app's start when its stored settings say it is on (`crate::sync::resume`): the sync code
/// is fetched only on devices that use it.
#[leptos::wasm_split::wasm_split(sync_chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn resume_sync(app: AppState) -> Result<Task<()>, ChunkError> {
    Ok(Box::pin(crate::sync::resume(app)))
}

/// The read-only schedule of a share link (`#/s/…`), mounted instead of the app (see [`super::start`]): its
/// calendar and decoder are in their own chunk, since most visits never open one.
#[leptos::wasm_split::wasm_split(shared_schedule_chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn mount_shared_schedule() -> Result<(), ChunkError> {
    leptos::mount::mount_to_body(pages::shared_schedule::SharedScheduleApp);
    Ok(())
}

/// Shown instead of the shared schedule when its chunk could not be fetched.
pub fn mount_chunk_failed(e: ChunkError) {
    leptos::mount::mount_to_body(move || view! { <main class="content">{chunk_failed(e.clone())}</main> });
}
