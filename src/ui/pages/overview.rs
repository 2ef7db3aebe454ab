//! The 概览 page: a welcome for an empty database (with the demo branch), otherwise the branch at a glance
//! ([`super::overview_dashboard`], in a chunk: a first visit, with nothing stored, needs only this file's
//! code).

use crate::domain::overview::nothing_stored;
use crate::ui::clock::today;
use crate::ui::components::form_field::FormAlert;
use crate::ui::state::{use_app, AppState};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

/// The seed of the demo branch: the same names every time.
const DEMO_SEED: u64 = 20_260_101;

/// Loads the demo branch, but only into an empty database.
fn load_demo(app: AppState, busy: RwSignal<bool>, alert: RwSignal<Option<String>>) {
    if busy.get_untracked() || !app.data.with_untracked(|d| nothing_stored(d, None)) {
        return;
    }
    busy.set(true);
    alert.set(None);
    leptos::task::spawn_local(async move {
        // Only on all the data (the start may still be reading the older records).
        if let Err(e) = app.wait_complete().await {
            busy.try_set(false);
            alert.try_set(Some(e.to_string()));
            return;
        }
        // Let the browser paint the busy state before the (synchronous) generation.
        gloo_timers::future::TimeoutFuture::new(16).await;
        let result = match crate::ui::routes::load_demo(app, today(), DEMO_SEED).await {
            Ok(task) => task.await.map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        busy.try_set(false);
        if let Err(e) = result {
            alert.try_set(Some(e));
        }
    });
}

#[component]
pub fn OverviewPage() -> impl IntoView {
    let app = use_app();
    let busy = RwSignal::new(false);
    let alert = RwSignal::new(None::<String>);
    let query = use_query_map();
    // `?demo=1`: load the demo once, into an empty database only.
    let auto_tried = StoredValue::new(false);
    Effect::new(move |_| {
        let wants = query.with(|q| q.get("demo")).is_some_and(|v| v == "1");
        if wants && !auto_tried.get_value() {
            auto_tried.set_value(true);
            load_demo(app, busy, alert);
        }
    });
    let empty = Memo::new(move |_| {
        let history = app.history.get();
        app.data.with(|d| nothing_stored(d, history.as_ref()))
    });
    view! {
        // `data-stage`: "first" while drawn from the start's slice (see `state::AppState`), then "all".
        <div class="page overview-page" data-stage=move || if app.complete.get() { "all" } else { "first" }>
            <Show when=move || !empty.get() fallback=move || view! { <Welcome busy=busy alert=alert/> }>
                {move || match app.dashboard.get_value() {
                    Some(dashboard) => dashboard(),
                    None => crate::ui::routes::OverviewDashboard().into_any(),
                }}
            </Show>
        </div>
    }
}

#[component]
fn Welcome(busy: RwSignal<bool>, alert: RwSignal<Option<String>>) -> impl IntoView {
    let app = use_app();
    view! {
        <section class="card welcome" aria-labelledby="welcome-title">
            <h1 id="welcome-title">"欢迎使用支部台账"</h1>
            <p>"支部台账帮助支部书记和组织委员规划、记录“三会一课”等组织生活，一次录入即可生成记录本、年度统计和日程。"
               "所有数据只保存在这台设备的浏览器中，不上传任何服务器，请定期在“数据”页导出备份。"</p>
            <div class="actions welcome-actions">
                <button type="button" class="btn btn-primary btn-large" disabled=move || busy.get()
                    on:click=move |_| load_demo(app, busy, alert)>
                    {move || if busy.get() { "正在生成示例支部…" } else { "载入示例支部" }}
                </button>
                <A href="/members?tab=branch" attr:class="btn btn-large">"从头开始"</A>
            </div>
            <p class="hint">"示例支部是虚构的（约 40 名党员、三年的记录），可随时在“数据”页清空后重新开始。"</p>
            <FormAlert message=alert/>
        </section>
    }
}
