//! Lazily loaded code: every page except 概览, the read-only shared schedule and the demo generator live in
//! their own wasm chunks, which the browser fetches the first time they are needed (and the service worker
//! precaches in the background).
//!
//! `#[lazy]` (Leptos 0.8, crate `wasm_split_helpers`) turns a function into an `async` one that calls an import,
//! which scripts/build-wasm.mjs's `wasm-split-cli` step resolves: it moves the function and everything only it
//! uses into a separate `.wasm` file and writes the JavaScript loader that fetches it. A wasm built with these
//! macros must therefore go through that script (the trunk build hook); a plain `wasm-bindgen` run would leave
//! the loader import unresolved.

use crate::domain::demo::{generate, DemoSize};
use crate::domain::{Dataset, Date};
use crate::ui::pages;
use leptos::__reexports::send_wrapper::SendWrapper;
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use std::future::Future;
use std::pin::Pin;
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
    let reload = |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    };
    view! {
        <div class="alert-error chunk-failed" role="alert">
            <p>{e.to_string()}</p>
            <button type="button" class="btn" on:click=reload>"重新载入"</button>
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
/// second name is the split function's: it must differ for every page, since it names the chunk. (Leptos's
/// `#[lazy]` is the same split without `fallible`: a failed fetch would panic.)
macro_rules! lazy_page {
    ($($(#[$doc:meta])* $name:ident / $lazy:ident => $page:path;)*) => {$(
        $(#[$doc])*
        #[allow(non_snake_case)]
        pub fn $name() -> impl IntoView {
            #[leptos::wasm_split::wasm_split($lazy, wasm_split_path = ::leptos::wasm_split, fallible)]
            fn $lazy() -> Result<AnyView, ChunkError> {
                Ok(untrack(|| $page().into_any()))
            }
            lazy_page_view(Box::pin($lazy()))
        }
    )*};
}

lazy_page! {
    /// 活动记录: the list.
    Activities / activities_page => pages::activities::ActivitiesPage;
    /// A new record.
    ActivityNew / activity_new_page => pages::activity_form::ActivityNewPage;
    /// Editing a record.
    ActivityEdit / activity_edit_page => pages::activity_form::ActivityEditPage;
    /// One record, read-only.
    ActivityView / activity_view_page => pages::activity_view::ActivityViewPage;
    /// The printed records of a year.
    PrintYear / print_year_page => pages::activity_print::PrintYearPage;
    /// One printed record.
    PrintRecord / print_record_page => pages::activity_print::PrintRecordPage;
    /// 党员.
    Members / members_page => pages::members::MembersPage;
    /// 学习计划.
    Study / study_page => pages::study::StudyPage;
    /// 日程.
    Schedule / schedule_page => pages::schedule::SchedulePage;
    /// The printed schedule.
    SchedulePrint / schedule_print_page => pages::plan_print::SchedulePrintPage;
    /// 我的.
    My / my_page => pages::my::MyPage;
    /// 统计.
    Stats / stats_page => pages::stats::StatsPage;
    /// The printed annual summary.
    SummaryPrint / summary_print_page => pages::summary_print::SummaryPrintPage;
    /// 规则.
    Rules / rules_page => pages::rules::RulesPage;
    /// 汇总.
    Rollup / rollup_page => pages::rollup::RollupPage;
    /// 数据.
    Data / data_page => pages::data::DataPage;
}

/// The demo branch (概览's 「载入示例支部」), generated in its own chunk: only an empty database ever needs it.
#[leptos::wasm_split::wasm_split(demo_dataset_chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn demo_dataset(today: Date, seed: u64) -> Result<Dataset, ChunkError> {
    Ok(generate(&DemoSize::DEMO, today, seed))
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
