//! Lazily loaded code: every page except 概览, the read-only shared schedule and the demo generator live in
//! their own wasm chunks, which the browser fetches the first time they are needed (and the service worker
//! precaches in the background).
//!
//! `#[lazy_route]` / `#[lazy]` (Leptos 0.8, crate `wasm_split_helpers`) turn a function into an import that
//! scripts/build-wasm.sh's `wasm-split-cli` step resolves: it moves the function and everything only it uses
//! into a separate `.wasm` file and writes the JavaScript loader that fetches it. A wasm built with these
//! macros must therefore go through that script (the trunk build hook); a plain `wasm-bindgen` run would leave
//! the loader import unresolved. Native builds (tests of `domain` etc.) call the functions directly.

use crate::domain::demo::{generate, DemoSize};
use crate::domain::{Dataset, Date};
use crate::ui::pages;
use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

/// A route whose page component is loaded on first use. `data()` has nothing to prepare: every page reads the
/// already loaded dataset from the app state.
macro_rules! lazy_page {
    ($($(#[$doc:meta])* $name:ident => $page:path;)*) => {$(
        $(#[$doc])*
        pub struct $name;

        #[lazy_route]
        impl LazyRoute for $name {
            fn data() -> Self {
                Self
            }

            fn view(_this: Self) -> AnyView {
                untrack(|| $page().into_any())
            }
        }
    )*};
}

lazy_page! {
    /// 活动记录: the list.
    Activities => pages::activities::ActivitiesPage;
    /// A new record.
    ActivityNew => pages::activity_form::ActivityNewPage;
    /// Editing a record.
    ActivityEdit => pages::activity_form::ActivityEditPage;
    /// One record, read-only.
    ActivityView => pages::activity_view::ActivityViewPage;
    /// The printed records of a year.
    PrintYear => pages::activity_print::PrintYearPage;
    /// One printed record.
    PrintRecord => pages::activity_print::PrintRecordPage;
    /// 党员.
    Members => pages::members::MembersPage;
    /// 学习计划.
    Study => pages::study::StudyPage;
    /// 日程.
    Schedule => pages::schedule::SchedulePage;
    /// The printed schedule.
    SchedulePrint => pages::plan_print::SchedulePrintPage;
    /// 我的.
    My => pages::my::MyPage;
    /// 统计.
    Stats => pages::stats::StatsPage;
    /// The printed annual summary.
    SummaryPrint => pages::summary_print::SummaryPrintPage;
    /// 规则.
    Rules => pages::rules::RulesPage;
    /// 汇总.
    Rollup => pages::rollup::RollupPage;
    /// 数据.
    Data => pages::data::DataPage;
}

/// The demo branch (概览's 「载入示例支部」), generated in its own chunk: only an empty database ever needs it.
#[leptos::lazy]
pub fn demo_dataset(today: Date, seed: u64) -> Dataset {
    generate(&DemoSize::DEMO, today, seed)
}

/// The read-only schedule of a share link (`#/s/…`), mounted instead of the app (see [`super::start`]): its
/// calendar and decoder are in their own chunk, since most visits never open one.
#[leptos::lazy]
pub fn mount_shared_schedule() {
    leptos::mount::mount_to_body(pages::shared_schedule::SharedScheduleApp);
}
