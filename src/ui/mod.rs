//! The Leptos shell: pages and components, one per file, that call `domain`, `store` and `export`.

pub mod action;
pub mod clock;
pub mod components;
pub mod crash;
pub mod pages;
pub mod routes;
pub mod state;
pub mod word;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;
use state::{provide_app_state, LoadState};

/// Mounts the app on `<body>`; a share link (`#/s/…`) gets the read-only schedule instead, which never
/// opens the local database.
pub fn start() {
    crash::install();
    if pages::shared_schedule::is_share_address() {
        // Not `leptos::task::spawn_local`: its executor is set up by the mount, which has not run yet.
        wasm_bindgen_futures::spawn_local(async {
            if let Err(e) = routes::mount_shared_schedule().await {
                routes::mount_chunk_failed(e);
            }
        });
    } else {
        pages::shared_schedule::reload_on_share_link();
        word::register(routes::run_word_jobs_task);
        leptos::mount::mount_to_body(App);
    }
}

/// The navigation: label and path, in the order the secretary works. Keep in sync with `NAV` in
/// tests/e2e/helpers.ts.
const NAV: [(&str, &str); 8] = [
    ("概览", "/"),
    ("活动记录", "/activities"),
    ("党员", "/members"),
    ("学习计划", "/study"),
    ("日程", "/schedule"),
    ("我的", "/my"),
    ("统计", "/stats"),
    ("数据", "/data"),
];

/// The navigation entry (its path) that a page belongs to, so that it stays highlighted on the pages under
/// it: a record, its form and its print (/activities/…, /print/…) under 活动记录; 规则, 汇总 and the printed
/// summary (/rules, /rollup, /stats/print/…) under 统计; 概览 only on "/" itself.
fn nav_owner(path: &str) -> Option<&'static str> {
    let first = path.trim_start_matches('/').split(['/', '?', '#']).next().unwrap_or("");
    match first {
        "" => Some("/"),
        "print" => Some("/activities"),
        "rules" | "rollup" => Some("/stats"),
        _ => NAV.iter().map(|(_, href)| *href).find(|href| href[1..] == *first),
    }
}

/// The main navigation; the entry of the current page's section is marked `aria-current="page"`.
#[component]
fn MainNav() -> impl IntoView {
    let location = use_location();
    view! {
        <nav class="mainnav" aria-label="主导航">
            {NAV
                .into_iter()
                .map(|(label, href)| {
                    let current = move || (nav_owner(&location.pathname.get()) == Some(href)).then_some("page");
                    view! { <a href=href aria-current=current>{label}</a> }
                })
                .collect_view()}
        </nav>
    }
}

/// Reloads the page (fetching the current version's files): the way out of a failed start.
pub fn reload_page() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

#[component]
pub fn App() -> impl IntoView {
    let state = provide_app_state();
    // Empty until the branch is named: the brand beside it already says 支部台账.
    let branch_name = move || state.data.with(|d| d.branch.name.clone());
    view! {
        <Router>
            <header class="topbar">
                <span class="brand">"支部台账"</span>
                <span class="branch-name">{branch_name}</span>
                <components::sync_mark::SyncMark/>
            </header>
            <MainNav/>
            <components::app_update::AppUpdate/>
            <components::store_events::StoreEvents/>
            <main class="content">
                {move || match state.load.get() {
                    LoadState::Loading => view! { <p class="loading">"正在打开本地数据…"</p> }.into_any(),
                    LoadState::Failed(msg) => view! {
                        <div class="error-banner" role="alert">
                            <h2>"无法打开本地数据"</h2>
                            <p>{msg}</p>
                            <button type="button" class="btn" on:click=|_| reload_page()>"重新载入"</button>
                        </div>
                    }.into_any(),
                    LoadState::Ready => view! {
                        <Routes fallback=|| view! { <p>"页面不存在。"<a href="/">"回到概览"</a></p> }>
                            <Route path=path!("/") view=pages::overview::OverviewPage/>
                            <Route path=path!("/activities") view=routes::Activities/>
                            <Route path=path!("/activities/new") view=routes::ActivityNew/>
                            <Route path=path!("/activities/:id/edit") view=routes::ActivityEdit/>
                            <Route path=path!("/activities/:id") view=routes::ActivityView/>
                            <Route path=path!("/print/year/:year") view=routes::PrintYear/>
                            <Route path=path!("/print/:id") view=routes::PrintRecord/>
                            <Route path=path!("/members") view=routes::Members/>
                            <Route path=path!("/study") view=routes::Study/>
                            <Route path=path!("/schedule") view=routes::Schedule/>
                            <Route path=path!("/schedule/print") view=routes::SchedulePrint/>
                            <Route path=path!("/my") view=routes::My/>
                            <Route path=path!("/stats") view=routes::Stats/>
                            <Route path=path!("/stats/print/:year") view=routes::SummaryPrint/>
                            <Route path=path!("/rules") view=routes::Rules/>
                            <Route path=path!("/rollup") view=routes::Rollup/>
                            <Route path=path!("/data") view=routes::Data/>
                            <Route path=path!("/data/sync") view=routes::Sync/>
                        </Routes>
                    }.into_any(),
                }}
            </main>
        </Router>
    }
}
